package io.prochat.rtc.gateway.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The shared secret of the internal API ({@code [Cluster] Secret}), sent as {@code Authorization: Bearer <secret>}
 * over the same HTTP(S) as the rest. Compared in constant time as SHA-256 digests, so neither the content nor the
 * length of the secret leaks through timing. Never logged; {@link #toString()} masks it.
 */
public final class ClusterSecret {
    private final byte[] digest;
    private final String header;

    public ClusterSecret(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("[Cluster] Secret must be set for --role gateway and --role sfu");
        }
        this.digest = sha256(secret);
        this.header = "Bearer " + secret;
    }

    /** Whether an {@code Authorization} header carries the secret; false for null or any other scheme. */
    public boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(authorization.substring(7).trim()));
    }

    /** The {@code Authorization} header value a gateway sends. */
    String header() {
        return header;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JVM has SHA-256
        }
    }

    @Override
    public String toString() {
        return "ClusterSecret[********]";
    }
}
