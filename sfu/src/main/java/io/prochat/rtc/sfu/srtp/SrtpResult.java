package io.prochat.rtc.sfu.srtp;

/** What protect/unprotect did to one packet. Everything but {@link #OK} means: drop it and count the reason. */
public enum SrtpResult {
    OK,
    /** The authentication tag did not verify (tampered, wrong key, or junk). */
    AUTH_FAIL,
    /** A packet index seen before, or older than the 64-packet replay window. */
    REPLAY,
    /** Too short or malformed to be SRTP/SRTCP, or no tail room for the tag. */
    INVALID,
    /** A new SSRC beyond the per-session limit. */
    TOO_MANY_SSRCS,
    /** The cipher failed. */
    FAIL
}
