package io.prochat.rtc.sfu.srtp;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HMAC-SHA1 (RFC 2104) over the JDK's SHA-1 (SHA-NI intrinsic) that allocates nothing per message.
 *
 * <p>Why not {@code javax.crypto.Mac}: its {@code doFinal} returns a fresh array and the JDK's HMAC allocates its
 * inner digest on every message. The construction is two digests with padded keys, so it is kept here. Not
 * thread-safe: one instance per cipher, used under its direction's lock.
 */
final class HmacSha1 {
    static final int LENGTH = 20;
    private static final int BLOCK = 64;

    private final MessageDigest sha1;
    private final byte[] innerPad = new byte[BLOCK];
    private final byte[] outerPad = new byte[BLOCK];
    private final byte[] inner = new byte[LENGTH];

    HmacSha1(byte[] key) {
        if (key.length > BLOCK) {
            throw new IllegalArgumentException("HMAC key longer than a SHA-1 block"); // SRTP's is 20 B
        }
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
        for (int i = 0; i < BLOCK; i++) {
            byte k = i < key.length ? key[i] : 0;
            innerPad[i] = (byte) (k ^ 0x36);
            outerPad[i] = (byte) (k ^ 0x5c);
        }
    }

    void start() {
        sha1.reset();
        sha1.update(innerPad);
    }

    void update(byte[] b, int off, int len) {
        sha1.update(b, off, len);
    }

    /** Writes the 20-byte MAC to {@code out[off...]}, which needs room for all 20 even when the tag is shorter. */
    void finish(byte[] out, int off) {
        try {
            sha1.digest(inner, 0, LENGTH);
            sha1.update(outerPad);
            sha1.update(inner);
            sha1.digest(out, off, LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException(e); // the arrays are sized for it
        }
    }
}
