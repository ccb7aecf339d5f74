package io.prochat.rtc.sfu.srtp;

import org.bouncycastle.tls.SRTPProtectionProfile;

/**
 * The SRTP protection profiles we negotiate in DTLS use_srtp (RFC 5764 §4.1.2, RFC 7714 §14.2), with the key and
 * salt lengths that size the DTLS exporter output (RFC 5764 §4.2).
 */
public enum SrtpProfile {
    /** RFC 7714 AEAD_AES_128_GCM: 16 B key, 12 B salt, 16 B tag for SRTP and SRTCP. */
    AEAD_AES_128_GCM(SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM, 16, 12, 0, 16, 16),
    /** RFC 5764 SRTP_AES128_CM_HMAC_SHA1_80: 16 B key, 14 B salt, 20 B HMAC key, 10 B tag for SRTP and SRTCP. */
    AES_CM_128_HMAC_SHA1_80(SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, 16, 14, 20, 10, 10);

    private final int tlsId;
    private final int keyLength;
    private final int saltLength;
    private final int authKeyLength;
    private final int rtpTagLength;
    private final int rtcpTagLength;

    SrtpProfile(int tlsId, int keyLength, int saltLength, int authKeyLength, int rtpTagLength, int rtcpTagLength) {
        this.tlsId = tlsId;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.authKeyLength = authKeyLength;
        this.rtpTagLength = rtpTagLength;
        this.rtcpTagLength = rtcpTagLength;
    }

    /** The value in the use_srtp extension (BouncyCastle {@link SRTPProtectionProfile}). */
    public int tlsId() {
        return tlsId;
    }

    public int keyLength() {
        return keyLength;
    }

    public int saltLength() {
        return saltLength;
    }

    /** The HMAC key length; 0 for GCM, which authenticates with its cipher key. */
    public int authKeyLength() {
        return authKeyLength;
    }

    public int rtpTagLength() {
        return rtpTagLength;
    }

    public int rtcpTagLength() {
        return rtcpTagLength;
    }

    /** Bytes the DTLS-SRTP exporter must produce: client key, server key, client salt, server salt. */
    public int keyingMaterialLength() {
        return 2 * (keyLength + saltLength);
    }

    /** Most bytes protect adds to an RTP packet (the tag). */
    public int rtpOverhead() {
        return rtpTagLength;
    }

    /** Most bytes protect adds to an RTCP packet (E flag + 31-bit index, then the tag). */
    public int rtcpOverhead() {
        return 4 + rtcpTagLength;
    }

    /** The profile for a use_srtp id, or null when we do not support it. */
    public static SrtpProfile fromTlsId(int tlsId) {
        for (SrtpProfile p : values()) {
            if (p.tlsId == tlsId) {
                return p;
            }
        }
        return null;
    }
}
