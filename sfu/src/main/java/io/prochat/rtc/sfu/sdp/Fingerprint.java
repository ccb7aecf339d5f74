package io.prochat.rtc.sfu.sdp;

import java.security.MessageDigest;
import java.util.Locale;

/**
 * {@code a=fingerprint:<hash function> <XX:XX:...>} (RFC 8122 §5): the digest of the peer's DTLS
 * certificate. Chrome writes upper-case hex with {@code sha-256}. For the hash functions RFC 8122
 * lists the digest length is checked, so a truncated fingerprint is a parse error rather than a
 * handshake that fails later.
 *
 * @param hashFunction e.g. {@code sha-256} (kept as written; compare case-insensitively)
 * @param value        colon-separated hex pairs, kept as written
 */
public record Fingerprint(String hashFunction, String value) implements SdpAttribute {
    public Fingerprint {
        if (!Tokens.isToken(hashFunction)) {
            throw new IllegalArgumentException("bad hash function: \"" + hashFunction + "\"");
        }
        String problem = problem(hashFunction, value);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Formats {@code digest} the way browsers do: upper-case hex pairs joined by colons. */
    public static Fingerprint of(String hashFunction, byte[] digest) {
        StringBuilder text = new StringBuilder(digest.length * 3);
        for (int i = 0; i < digest.length; i++) {
            if (i > 0) {
                text.append(':');
            }
            text.append(String.format(Locale.ROOT, "%02X", digest[i] & 0xFF));
        }
        return new Fingerprint(hashFunction, text.toString());
    }

    /** Parses the value after {@code a=fingerprint:}. */
    public static Fingerprint parse(String text) throws SdpParseException {
        int space = text.indexOf(' ');
        if (space < 0) {
            throw new SdpParseException("fingerprint needs \"<hash> <hex>\"");
        }
        String hash = Tokens.requireToken(text.substring(0, space), "hash function");
        String hex = text.substring(space + 1);
        String problem = problem(hash, hex);
        if (problem != null) {
            throw new SdpParseException(problem);
        }
        return new Fingerprint(hash, hex);
    }

    /** The digest bytes. */
    public byte[] bytes() {
        byte[] out = new byte[(value.length() + 1) / 3];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(value.substring(i * 3, i * 3 + 2), 16);
        }
        return out;
    }

    /** Compares with a computed digest in constant time (the hash function must match too). */
    public boolean matches(String hash, byte[] digest) {
        return hashFunction.equalsIgnoreCase(hash) && MessageDigest.isEqual(bytes(), digest);
    }

    /** The digest length RFC 8122 §5 implies, or -1 for a hash function it does not list. */
    static int expectedLength(String hash) {
        switch (hash.toLowerCase(Locale.ROOT)) {
            case "md2":
            case "md5":
                return 16;
            case "sha-1":
                return 20;
            case "sha-224":
                return 28;
            case "sha-256":
                return 32;
            case "sha-384":
                return 48;
            case "sha-512":
                return 64;
            default:
                return -1;
        }
    }

    private static String problem(String hash, String hex) {
        if (hex == null || hex.isEmpty() || (hex.length() + 1) % 3 != 0) {
            return "fingerprint is not colon-separated hex pairs";
        }
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            boolean ok = i % 3 == 2 ? c == ':' : Character.digit(c, 16) >= 0 && c < 0x80;
            if (!ok) {
                return "fingerprint is not colon-separated hex pairs";
            }
        }
        int expected = expectedLength(hash);
        int actual = (hex.length() + 1) / 3;
        if (expected > 0 && actual != expected) {
            return hash + " fingerprint has " + actual + " bytes, expected " + expected;
        }
        return null;
    }

    @Override
    public String sdpName() {
        return "fingerprint";
    }

    @Override
    public String sdpValue() {
        return hashFunction + " " + value;
    }
}
