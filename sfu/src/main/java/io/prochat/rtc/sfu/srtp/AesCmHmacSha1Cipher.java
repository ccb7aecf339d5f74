package io.prochat.rtc.sfu.srtp;

/**
 * AES_CM_128_HMAC_SHA1_80 (RFC 3711 §4.1.1 and §4.2.1; RFC 5764): AES in counter mode with the IV
 * {@code (salt << 16) XOR (SSRC << 64) XOR (index << 16)}, then HMAC-SHA1 over the packet (plus the ROC for RTP),
 * truncated to the tag length. SRTCP appends {@code E || index} before the tag.
 */
final class AesCmHmacSha1Cipher implements SrtpCipher {
    private static final int RTCP_HEADER = 8;
    private static final int INDEX_FIELD = 4;
    private static final int E_FLAG = 0x8000_0000;

    private final AesKeystream aes;
    private final HmacSha1 hmac;
    private final byte[] salt;
    private final int tagLength;
    private final byte[] iv = new byte[AesKeystream.BLOCK];
    private final byte[] mac = new byte[HmacSha1.LENGTH];
    private final byte[] roc = new byte[4];

    AesCmHmacSha1Cipher(SessionKeys keys, int tagLength) {
        this.aes = new AesKeystream(keys.cipherKey());
        this.hmac = new HmacSha1(keys.authKey());
        this.salt = keys.salt();
        this.tagLength = tagLength;
    }

    @Override
    public int sealRtp(byte[] b, int off, int length, int headerLength, int ssrc, int rocValue, int seq) {
        setIv(ssrc, rocValue, seq);
        aes.xor(iv, b, off + headerLength, length - headerLength);
        rtpMac(b, off, length, rocValue);
        System.arraycopy(mac, 0, b, off + length, tagLength);
        return length + tagLength;
    }

    @Override
    public int openRtp(byte[] b, int off, int length, int headerLength, int ssrc, int rocValue, int seq) {
        int plainLength = length - tagLength;
        rtpMac(b, off, plainLength, rocValue);
        if (!Bytes.constantTimeEquals(mac, 0, b, off + plainLength, tagLength)) {
            return -1;
        }
        setIv(ssrc, rocValue, seq);
        aes.xor(iv, b, off + headerLength, plainLength - headerLength);
        return plainLength;
    }

    @Override
    public int sealRtcp(byte[] b, int off, int length, int ssrc, int index) {
        setIv(ssrc, index >>> 16, index & 0xFFFF);
        aes.xor(iv, b, off + RTCP_HEADER, length - RTCP_HEADER);
        Bytes.writeInt(b, off + length, E_FLAG | index);
        int authenticated = length + INDEX_FIELD;
        hmac.start();
        hmac.update(b, off, authenticated);
        hmac.finish(mac, 0);
        System.arraycopy(mac, 0, b, off + authenticated, tagLength);
        return authenticated + tagLength;
    }

    @Override
    public int rtcpIndexField(byte[] b, int off, int length) {
        return Bytes.readInt(b, off + length - tagLength - INDEX_FIELD);
    }

    @Override
    public int openRtcp(byte[] b, int off, int length, int ssrc) {
        int authenticated = length - tagLength;
        hmac.start();
        hmac.update(b, off, authenticated);
        hmac.finish(mac, 0);
        if (!Bytes.constantTimeEquals(mac, 0, b, off + authenticated, tagLength)) {
            return -1;
        }
        int field = rtcpIndexField(b, off, length);
        int plainLength = authenticated - INDEX_FIELD;
        if ((field & E_FLAG) != 0) {
            int index = field & ~E_FLAG;
            setIv(ssrc, index >>> 16, index & 0xFFFF);
            aes.xor(iv, b, off + RTCP_HEADER, plainLength - RTCP_HEADER);
        }
        return plainLength;
    }

    private void rtpMac(byte[] b, int off, int length, int rocValue) {
        Bytes.writeInt(roc, 0, rocValue);
        hmac.start();
        hmac.update(b, off, length);
        hmac.update(roc, 0, 4);
        hmac.finish(mac, 0);
    }

    /** IV = salt at bytes 0–13, XOR SSRC at 4–7, XOR the 48-bit index {@code high << 16 | low} at 8–13; 14–15 count. */
    private void setIv(int ssrc, int high, int low) {
        System.arraycopy(salt, 0, iv, 0, salt.length);
        iv[14] = 0;
        iv[15] = 0;
        iv[4] ^= (byte) (ssrc >>> 24);
        iv[5] ^= (byte) (ssrc >>> 16);
        iv[6] ^= (byte) (ssrc >>> 8);
        iv[7] ^= (byte) ssrc;
        iv[8] ^= (byte) (high >>> 24);
        iv[9] ^= (byte) (high >>> 16);
        iv[10] ^= (byte) (high >>> 8);
        iv[11] ^= (byte) high;
        iv[12] ^= (byte) (low >>> 8);
        iv[13] ^= (byte) low;
    }
}
