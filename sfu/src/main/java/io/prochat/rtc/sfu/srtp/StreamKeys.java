package io.prochat.rtc.sfu.srtp;

import org.bouncycastle.crypto.modes.gcm.GCMMultiplier;

/**
 * Everything the streams of one direction share for RTP or for RTCP: the profile, the derived session keys and, for
 * GCM, the hash-key table, from which {@link #newCipher} makes the direction's cipher.
 */
final class StreamKeys {
    private final SrtpProfile profile;
    private final SessionKeys keys;
    private final GCMMultiplier hashKey;
    private final int tagLength;

    StreamKeys(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, boolean rtcp) {
        this.profile = profile;
        this.keys = SessionKeys.derive(profile, masterKey, masterSalt, rtcp);
        this.hashKey = profile == SrtpProfile.AEAD_AES_128_GCM ? AesGcmCipher.hashKey(keys) : null;
        this.tagLength = rtcp ? profile.rtcpTagLength() : profile.rtpTagLength();
    }

    SrtpCipher newCipher() {
        return switch (profile) {
            case AEAD_AES_128_GCM -> new AesGcmCipher(keys, hashKey);
            case AES_CM_128_HMAC_SHA1_80 -> new AesCmHmacSha1Cipher(keys, tagLength);
        };
    }
}
