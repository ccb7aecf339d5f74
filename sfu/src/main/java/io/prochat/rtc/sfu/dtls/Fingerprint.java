package io.prochat.rtc.sfu.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A certificate fingerprint as SDP carries it: {@code a=fingerprint:sha-256 AB:CD:...} (RFC 8122 §5).
 * The hash name is kept lower case; the value upper-case colon hex, compared case-insensitively.
 */
public record Fingerprint(String hashFunction, String value) {

    public Fingerprint {
        hashFunction = hashFunction.toLowerCase(Locale.ROOT);
        value = value.toUpperCase(Locale.ROOT);
    }

    /** Parses the attribute value {@code "sha-256 AB:CD:..."}. */
    public static Fingerprint parse(String attributeValue) {
        String v = attributeValue.trim();
        int sp = v.indexOf(' ');
        if (sp <= 0 || sp == v.length() - 1) {
            throw new IllegalArgumentException("not a fingerprint: " + attributeValue);
        }
        return new Fingerprint(v.substring(0, sp), v.substring(sp + 1).trim());
    }

    /** The fingerprint of a DER-encoded certificate with the named hash (sha-1, sha-224, sha-256, sha-384, sha-512). */
    public static Fingerprint of(String hashFunction, byte[] derCertificate) {
        byte[] digest = digest(hashFunction, derCertificate);
        return new Fingerprint(hashFunction, HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest));
    }

    /** Whether a hash name is one we accept (RFC 8122 §5: MD2/MD5 are refused). */
    public static boolean isAcceptedHash(String hashFunction) {
        return jcaName(hashFunction) != null;
    }

    /** Whether this fingerprint is the one of {@code derCertificate}. */
    public boolean matches(byte[] derCertificate) {
        if (!isAcceptedHash(hashFunction)) {
            return false;
        }
        return of(hashFunction, derCertificate).value.equalsIgnoreCase(value);
    }

    /** The SDP attribute value, {@code "sha-256 AB:CD:..."}. */
    public String sdpValue() {
        return hashFunction + " " + value;
    }

    @Override
    public String toString() {
        return sdpValue();
    }

    private static byte[] digest(String hashFunction, byte[] data) {
        String jca = jcaName(hashFunction);
        if (jca == null) {
            throw new IllegalArgumentException("unsupported fingerprint hash: " + hashFunction);
        }
        try {
            return MessageDigest.getInstance(jca).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String jcaName(String hashFunction) {
        switch (hashFunction.toLowerCase(Locale.ROOT)) {
            case "sha-1":
                return "SHA-1";
            case "sha-224":
                return "SHA-224";
            case "sha-256":
                return "SHA-256";
            case "sha-384":
                return "SHA-384";
            case "sha-512":
                return "SHA-512";
            default:
                return null;
        }
    }
}
