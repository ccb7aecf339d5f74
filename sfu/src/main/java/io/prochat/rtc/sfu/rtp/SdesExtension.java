package io.prochat.rtc.sfu.rtp;

import java.nio.charset.StandardCharsets;

/**
 * The text-valued extensions {@code urn:ietf:params:rtp-hdrext:sdes:mid} (RFC 9143 §15.2),
 * {@code ...:sdes:rtp-stream-id} and {@code ...:sdes:repaired-rtp-stream-id} (RFC 8852): the
 * value is the SDES item text, without terminator. {@link #equalsAscii} compares without allocating,
 * for routing packets by mid or rid.
 */
public final class SdesExtension {
    private SdesExtension() {
    }

    /** True when {@code buf[at, at + length)} holds exactly the ASCII characters of {@code value}. */
    public static boolean equalsAscii(byte[] buf, int at, int length, String value) {
        if (length != value.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if ((buf[at + i] & 0xFF) != value.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The value as a String (allocates: for signalling and logs, not per packet). */
    public static String read(byte[] buf, int at, int length) {
        return new String(buf, at, length, StandardCharsets.UTF_8);
    }
}
