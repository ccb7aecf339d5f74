package io.prochat.rtc.sfu.srtp;

/**
 * One protection profile's packet transform under one set of session keys, in place on a byte array. The stream
 * context supplies the packet index (RFC 3711 §3.3.1) and does replay protection; this only encrypts and
 * authenticates. Implementations allocate nothing per packet and are not thread-safe: one per direction, used under its lock.
 */
interface SrtpCipher {
    /**
     * Encrypts the RTP payload {@code [off + headerLength, off + length)} and appends the tag.
     *
     * @return the SRTP packet's length
     */
    int sealRtp(byte[] b, int off, int length, int headerLength, int ssrc, int roc, int seq);

    /**
     * Verifies the tag of the SRTP packet {@code [off, off + length)} and decrypts its payload.
     *
     * @return the plain RTP packet's length, or -1 when the tag does not verify (the packet is then unchanged)
     */
    int openRtp(byte[] b, int off, int length, int headerLength, int ssrc, int roc, int seq);

    /**
     * Encrypts an RTCP compound packet after its first 8 bytes and appends the E flag with {@code index}, and the tag,
     * in the profile's order.
     *
     * @return the SRTCP packet's length
     */
    int sealRtcp(byte[] b, int off, int length, int ssrc, int index);

    /** The 32-bit E flag and SRTCP index field of an SRTCP packet, whose place depends on the profile. */
    int rtcpIndexField(byte[] b, int off, int length);

    /**
     * Verifies an SRTCP packet and decrypts it when its E flag is set.
     *
     * @return the plain RTCP packet's length, or -1 when the tag does not verify
     */
    int openRtcp(byte[] b, int off, int length, int ssrc);
}
