package io.prochat.rtc.sfu.srtp;

import org.bouncycastle.crypto.modes.gcm.GCMMultiplier;
import org.bouncycastle.crypto.modes.gcm.Tables8kGCMMultiplier;

/**
 * AEAD_AES_128_GCM for SRTP and SRTCP (RFC 7714 §7–§9): a 12-byte IV of {@code 00 00 || SSRC || ROC || SEQ} (RTP) or
 * {@code 00 00 || SSRC || 00 00 || 0 || index} (RTCP) XOR the salt; the RTP header, or the first 8 bytes of RTCP plus
 * {@code E || index}, is the additional data; the 16-byte tag follows the ciphertext, and SRTCP's {@code E || index}
 * follows the tag.
 *
 * <p>Counter mode is {@link AesKeystream}; GHASH is {@link Ghash} over a multiplier table computed once per session
 * key ({@link #hashKey}).
 */
final class AesGcmCipher implements SrtpCipher {
    static final int TAG = 16;
    private static final int RTCP_HEADER = 8;
    private static final int INDEX_FIELD = 4;
    private static final int E_FLAG = 0x8000_0000;

    private final AesKeystream aes;
    private final Ghash ghash;
    private final byte[] salt;
    private final byte[] counter = new byte[AesKeystream.BLOCK];
    private final byte[] tag = new byte[AesKeystream.BLOCK];
    private final byte[] mask = new byte[AesKeystream.BLOCK];
    private final byte[] indexField = new byte[INDEX_FIELD];

    AesGcmCipher(SessionKeys keys, GCMMultiplier hashKey) {
        this.aes = new AesKeystream(keys.cipherKey());
        this.ghash = new Ghash(hashKey);
        this.salt = keys.salt();
    }

    /** GHASH's H = AES_K(0^128), as BouncyCastle's 8 KiB table multiplier. */
    static GCMMultiplier hashKey(SessionKeys keys) {
        byte[] h = new byte[AesKeystream.BLOCK];
        new AesKeystream(keys.cipherKey()).encryptBlock(h, 0, h, 0);
        GCMMultiplier multiplier = new Tables8kGCMMultiplier();
        multiplier.init(h);
        return multiplier;
    }

    @Override
    public int sealRtp(byte[] b, int off, int length, int headerLength, int ssrc, int roc, int seq) {
        setIv(ssrc, roc, seq);
        int textOff = off + headerLength;
        int textLength = length - headerLength;
        aes.xor(counter, b, textOff, textLength);
        ghash.start();
        ghash.aad(b, off, headerLength);
        ghash.text(b, textOff, textLength);
        computeTag();
        System.arraycopy(tag, 0, b, off + length, TAG);
        return length + TAG;
    }

    @Override
    public int openRtp(byte[] b, int off, int length, int headerLength, int ssrc, int roc, int seq) {
        int plainLength = length - TAG;
        int textOff = off + headerLength;
        int textLength = plainLength - headerLength;
        setIv(ssrc, roc, seq);
        ghash.start();
        ghash.aad(b, off, headerLength);
        ghash.text(b, textOff, textLength);
        computeTag();
        if (!Bytes.constantTimeEquals(tag, 0, b, off + plainLength, TAG)) {
            return -1;
        }
        aes.xor(counter, b, textOff, textLength);
        return plainLength;
    }

    @Override
    public int sealRtcp(byte[] b, int off, int length, int ssrc, int index) {
        setIv(ssrc, 0, 0);
        xorRtcpIndex(index);
        int field = E_FLAG | index;
        Bytes.writeInt(indexField, 0, field);
        int textOff = off + RTCP_HEADER;
        int textLength = length - RTCP_HEADER;
        aes.xor(counter, b, textOff, textLength);
        ghash.start();
        ghash.aad(b, off, RTCP_HEADER);
        ghash.aad(indexField, 0, INDEX_FIELD);
        ghash.text(b, textOff, textLength);
        computeTag();
        System.arraycopy(tag, 0, b, off + length, TAG);
        Bytes.writeInt(b, off + length + TAG, field);
        return length + TAG + INDEX_FIELD;
    }

    @Override
    public int rtcpIndexField(byte[] b, int off, int length) {
        return Bytes.readInt(b, off + length - INDEX_FIELD);
    }

    @Override
    public int openRtcp(byte[] b, int off, int length, int ssrc) {
        int field = rtcpIndexField(b, off, length);
        int tagOff = off + length - INDEX_FIELD - TAG;
        int plainLength = tagOff - off;
        boolean encrypted = (field & E_FLAG) != 0;
        setIv(ssrc, 0, 0);
        xorRtcpIndex(field & ~E_FLAG);
        Bytes.writeInt(indexField, 0, field);
        ghash.start();
        // Unencrypted SRTCP (E = 0, RFC 7714 §9.2) authenticates the whole packet as additional data.
        ghash.aad(b, off, encrypted ? RTCP_HEADER : plainLength);
        ghash.aad(indexField, 0, INDEX_FIELD);
        if (encrypted) {
            ghash.text(b, off + RTCP_HEADER, plainLength - RTCP_HEADER);
        }
        computeTag();
        if (!Bytes.constantTimeEquals(tag, 0, b, tagOff, TAG)) {
            return -1;
        }
        if (encrypted) {
            aes.xor(counter, b, off + RTCP_HEADER, plainLength - RTCP_HEADER);
        }
        return plainLength;
    }

    /** Tag = GHASH XOR AES_K(J0), where J0 is the IV with counter 1; {@link #counter} is left at 2 for the payload. */
    private void computeTag() {
        ghash.finish(tag, 0);
        counter[15] = 1;
        aes.encryptBlock(counter, 0, mask, 0);
        counter[15] = 2;
        Bytes.xor(mask, 0, tag, 0, TAG);
    }

    /** counter = (00 00 || SSRC || high || low) XOR salt, then the 32-bit block counter 2. */
    private void setIv(int ssrc, int high, int low) {
        System.arraycopy(salt, 0, counter, 0, 12);
        counter[2] ^= (byte) (ssrc >>> 24);
        counter[3] ^= (byte) (ssrc >>> 16);
        counter[4] ^= (byte) (ssrc >>> 8);
        counter[5] ^= (byte) ssrc;
        counter[6] ^= (byte) (high >>> 24);
        counter[7] ^= (byte) (high >>> 16);
        counter[8] ^= (byte) (high >>> 8);
        counter[9] ^= (byte) high;
        counter[10] ^= (byte) (low >>> 8);
        counter[11] ^= (byte) low;
        counter[12] = 0;
        counter[13] = 0;
        counter[14] = 0;
        counter[15] = 2;
    }

    /** SRTCP's IV carries the 31-bit index in its last four bytes (bytes 6–7 stay zero before the salt). */
    private void xorRtcpIndex(int index) {
        counter[8] ^= (byte) (index >>> 24);
        counter[9] ^= (byte) (index >>> 16);
        counter[10] ^= (byte) (index >>> 8);
        counter[11] ^= (byte) index;
    }
}
