package io.prochat.rtc.gateway.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Bearer API keys. Only SHA-256 hashes are kept in memory and in the store; keys are 256-bit random,
 * so a slow password hash would add latency to every request without adding safety. Every candidate
 * hash is compared in constant time, and all of them are always compared.
 */
public final class ApiKeys {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final List<byte[]> hashes = new CopyOnWriteArrayList<>();

    public void addKey(String key) {
        hashes.add(sha256(key));
    }

    public void addHash(String hexHash) {
        hashes.add(HexFormat.of().parseHex(hexHash));
    }

    public boolean isEmpty() {
        return hashes.isEmpty();
    }

    /** True when the Authorization header carries a known key as "Bearer <key>". */
    public boolean accepts(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = sha256(authorizationHeader.substring(7).trim());
        boolean match = false;
        for (byte[] known : hashes) {
            match |= MessageDigest.isEqual(known, presented);
        }
        return match;
    }

    /** A new random key: "prk_" and 43 URL-safe characters. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "prk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hashHex(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
