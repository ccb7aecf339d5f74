package io.prochat.rtc.gateway.rtcd;

import java.security.SecureRandom;

/**
 * Mattermost-style ids, as rtcd makes them (rtcd.md §0): 16 random bytes laid out as a UUIDv4, base32-encoded with
 * the alphabet {@code ybndrfg8ejkmcpqxot1uwisza345h769}, padding dropped: 26 characters.
 */
public final class MattermostIds {
    static final String ALPHABET = "ybndrfg8ejkmcpqxot1uwisza345h769";
    private static final SecureRandom RANDOM = new SecureRandom();

    private MattermostIds() {
    }

    public static String newId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40); // version 4
        b[8] = (byte) ((b[8] & 0x3f) | 0x80); // RFC 4122 variant
        return encode(b);
    }

    /** RFC 4648 base32 bit order with Mattermost's alphabet, no padding. */
    static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte x : bytes) {
            buffer = (buffer << 8) | (x & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }
}
