package io.prochat.rtc.sfu.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** The AES-CM key derivation against the test vectors of RFC 3711 Appendix B.3. */
class SessionKeysTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void derivesTheRfc3711AppendixB3Keys() {
        byte[] masterKey = HEX.parseHex("e1f97a0d3e018be0d64fa32c06de4139");
        byte[] masterSalt = HEX.parseHex("0ec675ad498afeebb6960b3aabe6");
        SessionKeys keys = SessionKeys.derive(SrtpProfile.AES_CM_128_HMAC_SHA1_80, masterKey, masterSalt, false);
        assertThat(HEX.formatHex(keys.cipherKey())).isEqualTo("c61e7a93744f39ee10734afe3ff7a087");
        assertThat(HEX.formatHex(keys.salt())).isEqualTo("30cbbc08863d8c85d49db34a9ae1");
        assertThat(HEX.formatHex(keys.authKey())).isEqualTo("cebe321f6ff7716b6fd4ab49af256a156d38baa4");
    }

    @Test
    void rtcpKeysDifferFromRtpKeys() {
        byte[] key = new byte[16];
        byte[] salt = new byte[12];
        SessionKeys rtp = SessionKeys.derive(SrtpProfile.AEAD_AES_128_GCM, key, salt, false);
        SessionKeys rtcp = SessionKeys.derive(SrtpProfile.AEAD_AES_128_GCM, key, salt, true);
        assertThat(rtcp.cipherKey()).isNotEqualTo(rtp.cipherKey());
        assertThat(rtcp.salt()).hasSize(12).isNotEqualTo(rtp.salt());
        assertThat(rtp.authKey()).isEmpty();
        assertThat(rtp.toString()).doesNotContain("0").contains("redacted");
    }

    @Test
    void wrongKeyOrSaltLengthIsRefused() {
        assertThatThrownBy(() -> SessionKeys.derive(SrtpProfile.AES_CM_128_HMAC_SHA1_80, new byte[16], new byte[12], false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("14 B salt");
    }
}
