package io.prochat.rtc.sfu.srtp;

import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in counter mode without allocating: the JDK's AES/ECB (AES-NI intrinsics), keyed once, encrypts a batch of
 * counter blocks into a scratch keystream that is XORed into the data.
 *
 * <p>Why not the JDK's AES/CTR: it needs {@code Cipher.init} per packet for the new IV, and init copies the key and
 * IV and builds parameter objects each time. ECB on counter blocks is the same cipher with nothing to re-initialise.
 * Not thread-safe: one instance per cipher, used under its direction's lock.
 */
final class AesKeystream {
    static final int BLOCK = 16;
    /** Counter blocks encrypted per JDK call: a 1200 B packet takes three calls. */
    private static final int BATCH = 512;

    private final Cipher ecb;
    private final byte[] counters = new byte[BATCH];
    private final byte[] keystream = new byte[BATCH];

    AesKeystream(byte[] key) {
        try {
            ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is not available", e);
        }
    }

    /**
     * XORs the keystream that starts at counter block {@code initialCounter} into {@code data[off, off + len)}. The
     * last four bytes of the block count up as a 32-bit big-endian integer (GCM's inc32; SRTP's AES-CM counts in the
     * low 16 bits, which never carry for a packet of fewer than 2^20 bytes).
     */
    void xor(byte[] initialCounter, byte[] data, int off, int len) {
        long nonceHigh = Bytes.readLong(initialCounter, 0);
        long nonceLow = (long) Bytes.readInt(initialCounter, 8) << 32;
        int counter = Bytes.readInt(initialCounter, 12);
        while (len > 0) {
            int n = Math.min(len, BATCH);
            int blocks = (n + BLOCK - 1) / BLOCK;
            for (int at = 0; at < blocks * BLOCK; at += BLOCK) {
                Bytes.writeLong(counters, at, nonceHigh);
                Bytes.writeLong(counters, at + 8, nonceLow | (counter++ & 0xFFFF_FFFFL));
            }
            encrypt(counters, 0, blocks * BLOCK, keystream, 0);
            Bytes.xor(keystream, 0, data, off, n);
            off += n;
            len -= n;
        }
    }

    /** Encrypts one block: GCM's hash key and tag mask. */
    void encryptBlock(byte[] in, int inOff, byte[] out, int outOff) {
        encrypt(in, inOff, BLOCK, out, outOff);
    }

    private void encrypt(byte[] in, int inOff, int len, byte[] out, int outOff) {
        try {
            ecb.update(in, inOff, len, out, outOff);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e); // the scratch arrays are sized for it
        }
    }
}
