package io.prochat.rtc.sfu.srtp;

import org.bouncycastle.crypto.modes.gcm.GCMMultiplier;

/**
 * GCM's GHASH (NIST SP 800-38D §6.4) as a stream: additional data, then ciphertext, each zero-padded to a block,
 * then the bit lengths. The multiplication by H is BouncyCastle's table multiplier (8 KiB per key, read-only after
 * set-up); this object holds the per-message state. Not thread-safe.
 */
final class Ghash {
    private static final int BLOCK = 16;

    private final GCMMultiplier multiplier;
    private final byte[] state = new byte[BLOCK];
    private final byte[] partial = new byte[BLOCK];
    private int partialLength;
    private long aadBytes;
    private long textBytes;
    private boolean inText;

    Ghash(GCMMultiplier multiplier) {
        this.multiplier = multiplier;
    }

    void start() {
        java.util.Arrays.fill(state, (byte) 0);
        partialLength = 0;
        aadBytes = 0;
        textBytes = 0;
        inText = false;
    }

    /** Adds additional authenticated data; may be called in pieces before any ciphertext. */
    void aad(byte[] b, int off, int len) {
        aadBytes += len;
        absorb(b, off, len);
    }

    /** Adds ciphertext; the additional data ends (padded) at the first call. */
    void text(byte[] b, int off, int len) {
        if (!inText) {
            pad();
            inText = true;
        }
        textBytes += len;
        absorb(b, off, len);
    }

    /** Ends the message and writes the 16-byte hash to {@code out[off...]}. */
    void finish(byte[] out, int off) {
        pad();
        writeLong(partial, 0, aadBytes * 8);
        writeLong(partial, 8, textBytes * 8);
        Bytes.xor(partial, 0, state, 0, BLOCK);
        multiplier.multiplyH(state);
        System.arraycopy(state, 0, out, off, BLOCK);
    }

    private void absorb(byte[] b, int off, int len) {
        if (partialLength > 0) {
            int n = Math.min(len, BLOCK - partialLength);
            System.arraycopy(b, off, partial, partialLength, n);
            partialLength += n;
            off += n;
            len -= n;
            if (partialLength < BLOCK) {
                return;
            }
            Bytes.xor(partial, 0, state, 0, BLOCK);
            multiplier.multiplyH(state);
            partialLength = 0;
        }
        for (; len >= BLOCK; off += BLOCK, len -= BLOCK) {
            Bytes.xor(b, off, state, 0, BLOCK);
            multiplier.multiplyH(state);
        }
        if (len > 0) {
            System.arraycopy(b, off, partial, 0, len);
            partialLength = len;
        }
    }

    /** Zero-pads and absorbs a partial block. */
    private void pad() {
        if (partialLength > 0) {
            java.util.Arrays.fill(partial, partialLength, BLOCK, (byte) 0);
            Bytes.xor(partial, 0, state, 0, BLOCK);
            multiplier.multiplyH(state);
            partialLength = 0;
        }
    }

    private static void writeLong(byte[] b, int off, long v) {
        Bytes.writeInt(b, off, (int) (v >>> 32));
        Bytes.writeInt(b, off + 4, (int) v);
    }
}
