package io.prochat.rtc.sfu.dtls;

/** Why a DTLS association ended without keys. */
public enum DtlsFailure {
    /** The peer's certificate does not match any a=fingerprint it signalled (RFC 5763 §5, RFC 8122 §5). */
    FINGERPRINT_MISMATCH,
    /** No SRTP protection profile in common, or the peer left use_srtp out. */
    NO_COMMON_SRTP_PROFILE,
    /** The handshake did not finish in time. */
    TIMEOUT,
    /** The peer sent a fatal alert, or we raised one. */
    ALERT,
    /** Closed by us before the handshake finished. */
    CLOSED,
    /** Anything else (I/O, internal). */
    ERROR
}
