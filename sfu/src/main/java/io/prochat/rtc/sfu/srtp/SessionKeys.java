package io.prochat.rtc.sfu.srtp;

/**
 * The session keys for one direction and one of RTP or RTCP, derived from the master key and salt with the AES-CM
 * PRF (RFC 3711 §4.3.1 and §4.3.3, key derivation rate 0; RFC 7714 §11 uses the same PRF with its 12-byte salt).
 *
 * <p>The key is the same for every SSRC of the direction, so it is derived once per session, not per stream.
 */
record SessionKeys(byte[] cipherKey, byte[] authKey, byte[] salt) {
    /** Labels of RFC 3711 §4.3.2: RTP uses 0, 1, 2 and RTCP 3, 4, 5. */
    private static final int RTP_CIPHER = 0;
    private static final int RTP_AUTH = 1;
    private static final int RTP_SALT = 2;
    private static final int RTCP_OFFSET = 3;

    static SessionKeys derive(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, boolean rtcp) {
        if (masterKey.length != profile.keyLength() || masterSalt.length != profile.saltLength()) {
            throw new IllegalArgumentException(profile + " needs a " + profile.keyLength() + " B key and a "
                    + profile.saltLength() + " B salt");
        }
        int base = rtcp ? RTCP_OFFSET : 0;
        AesKeystream prf = new AesKeystream(masterKey);
        return new SessionKeys(
                derive(prf, masterSalt, base + RTP_CIPHER, profile.keyLength()),
                derive(prf, masterSalt, base + RTP_AUTH, profile.authKeyLength()),
                derive(prf, masterSalt, base + RTP_SALT, profile.saltLength()));
    }

    /** AES-CM keystream under the master key, from IV = (label at octet 7, the rest zero) XOR master salt, shifted left 16 bits. */
    private static byte[] derive(AesKeystream prf, byte[] masterSalt, int label, int length) {
        byte[] iv = new byte[AesKeystream.BLOCK];
        System.arraycopy(masterSalt, 0, iv, 0, masterSalt.length);
        iv[7] ^= (byte) label;
        byte[] out = new byte[length];
        prf.xor(iv, out, 0, length);
        return out;
    }

    @Override
    public String toString() {
        return "SessionKeys[redacted]";
    }
}
