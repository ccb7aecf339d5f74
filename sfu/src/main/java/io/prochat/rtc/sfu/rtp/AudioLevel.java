package io.prochat.rtc.sfu.rtp;

/**
 * The client-to-mixer audio level extension, {@code urn:ietf:params:rtp-hdrext:ssrc-audio-level}
 * (RFC 6464 §3): one byte, V (voice activity) in the top bit, then the level in -dBov, 0 (loudest)
 * to 127 (silence). Readable before SRTP decryption, which is why the SFU can drop silence early
 * (unless the extension itself is encrypted, RFC 6904).
 */
public final class AudioLevel {
    /** Level value meaning digital silence. */
    public static final int SILENCE = 127;

    private AudioLevel() {
    }

    /** The sender's voice activity flag; {@code at} is a {@link RtpPacketView#findExtension} result. */
    public static boolean voiceActivity(byte[] buf, int at) {
        return (buf[at] & 0x80) != 0;
    }

    /** The level in -dBov: 0 is loudest, 127 silence. */
    public static int level(byte[] buf, int at) {
        return buf[at] & 0x7F;
    }

    public static void write(byte[] buf, int at, boolean voiceActivity, int level) {
        if (level < 0 || level > 127) {
            throw new IllegalArgumentException("audio level " + level + " outside 0..127");
        }
        buf[at] = (byte) ((voiceActivity ? 0x80 : 0) | level);
    }
}
