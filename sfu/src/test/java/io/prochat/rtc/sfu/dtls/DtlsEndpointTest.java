package io.prochat.rtc.sfu.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.prochat.rtc.sfu.srtp.PacketBuffer;
import io.prochat.rtc.sfu.srtp.SrtpProfile;
import io.prochat.rtc.sfu.srtp.SrtpResult;
import io.prochat.rtc.sfu.srtp.SrtpSession;
import io.prochat.rtc.sfu.srtp.SrtpSessionTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DTLS 1.2 BouncyCastle to BouncyCastle over real UDP sockets on loopback. */
class DtlsEndpointTest {
    private static final List<SrtpProfile> BOTH = List.of(SrtpProfile.AEAD_AES_128_GCM,
            SrtpProfile.AES_CM_128_HMAC_SHA1_80);
    private static DtlsCertificate serverCert;
    private static DtlsCertificate clientCert;
    private static DtlsCertificate strangerCert;

    @BeforeAll
    static void certificates() {
        serverCert = DtlsCertificate.generate();
        clientCert = DtlsCertificate.generate();
        strangerCert = DtlsCertificate.generate();
    }

    @Test
    void certificateIsP256WithSha256FingerprintInSdpForm() {
        Fingerprint f = serverCert.fingerprint();
        assertThat(f.hashFunction()).isEqualTo("sha-256");
        assertThat(f.value()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(f.matches(serverCert.der())).isTrue();
        assertThat(Fingerprint.parse("SHA-256 " + f.value().toLowerCase()).matches(serverCert.der())).isTrue();
        assertThat(f.matches(clientCert.der())).isFalse();
        assertThat(serverCert.der()).isNotEmpty();
        // id-ecPublicKey with prime256v1 appears in the SubjectPublicKeyInfo
        assertThat(java.util.HexFormat.of().formatHex(serverCert.der())).contains("06082a8648ce3d030107");
    }

    @Test
    void handshakeAgreesOnGcmAndIdenticalKeyingMaterial() throws Exception {
        try (LoopbackDtlsPair pair = new LoopbackDtlsPair(serverCert, List.of(clientCert.fingerprint()), BOTH,
                clientCert, List.of(serverCert.fingerprint()), BOTH)) {
            pair.start();
            LoopbackDtlsPair.Outcome s = pair.serverOutcome.get(10, TimeUnit.SECONDS);
            LoopbackDtlsPair.Outcome c = pair.clientOutcome.get(10, TimeUnit.SECONDS);
            assertThat(s.failure()).isNull();
            assertThat(c.failure()).isNull();
            assertThat(s.profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
            assertThat(c.profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
            assertThat(s.keyingMaterial()).hasSize(56).isEqualTo(c.keyingMaterial());

            // The exported keys work for SRTP both ways.
            SrtpSession serverSrtp = SrtpSession.fromKeyingMaterial(s.profile(), false, s.keyingMaterial());
            SrtpSession clientSrtp = SrtpSession.fromKeyingMaterial(c.profile(), true, c.keyingMaterial());
            assertRoundTrip(clientSrtp, serverSrtp);
            assertRoundTrip(serverSrtp, clientSrtp);
        }
    }

    @Test
    void serverPicksTheOnlyProfileTheClientOffers() throws Exception {
        try (LoopbackDtlsPair pair = new LoopbackDtlsPair(serverCert, List.of(clientCert.fingerprint()), BOTH,
                clientCert, List.of(serverCert.fingerprint()), List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80))) {
            pair.start();
            LoopbackDtlsPair.Outcome s = pair.serverOutcome.get(10, TimeUnit.SECONDS);
            LoopbackDtlsPair.Outcome c = pair.clientOutcome.get(10, TimeUnit.SECONDS);
            assertThat(s.profile()).isEqualTo(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
            assertThat(c.profile()).isEqualTo(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
            assertThat(s.keyingMaterial()).hasSize(60).isEqualTo(c.keyingMaterial());
            SrtpSession serverSrtp = SrtpSession.fromKeyingMaterial(s.profile(), false, s.keyingMaterial());
            SrtpSession clientSrtp = SrtpSession.fromKeyingMaterial(c.profile(), true, c.keyingMaterial());
            assertRoundTrip(clientSrtp, serverSrtp);
        }
    }

    @Test
    void serverRefusesAClientWhoseCertificateDoesNotMatchTheSignalledFingerprint() throws Exception {
        try (LoopbackDtlsPair pair = new LoopbackDtlsPair(serverCert, List.of(strangerCert.fingerprint()), BOTH,
                clientCert, List.of(serverCert.fingerprint()), BOTH)) {
            pair.start();
            LoopbackDtlsPair.Outcome s = pair.serverOutcome.get(10, TimeUnit.SECONDS);
            LoopbackDtlsPair.Outcome c = pair.clientOutcome.get(10, TimeUnit.SECONDS);
            assertThat(s.failure()).isNotNull();
            assertThat(s.failure().failure()).isEqualTo(DtlsFailure.FINGERPRINT_MISMATCH);
            assertThat(s.keyingMaterial()).isNull();
            assertThat(c.failure()).isNotNull();
            assertThat(c.failure().failure()).isEqualTo(DtlsFailure.ALERT);
        }
    }

    @Test
    void clientRefusesAServerWhoseCertificateDoesNotMatchTheSignalledFingerprint() throws Exception {
        try (LoopbackDtlsPair pair = new LoopbackDtlsPair(serverCert, List.of(clientCert.fingerprint()), BOTH,
                clientCert, List.of(strangerCert.fingerprint()), BOTH)) {
            pair.start();
            LoopbackDtlsPair.Outcome c = pair.clientOutcome.get(10, TimeUnit.SECONDS);
            assertThat(c.failure()).isNotNull();
            assertThat(c.failure().failure()).isEqualTo(DtlsFailure.FINGERPRINT_MISMATCH);
            LoopbackDtlsPair.Outcome s = pair.serverOutcome.get(10, TimeUnit.SECONDS);
            assertThat(s.failure()).isNotNull();
        }
    }

    @Test
    void setupNegotiation() {
        assertThat(DtlsSetup.parse("actpass").answererRole(DtlsRole.SERVER)).isEqualTo(DtlsRole.SERVER);
        assertThat(DtlsSetup.parse("actpass").answererRole(DtlsRole.CLIENT)).isEqualTo(DtlsRole.CLIENT);
        assertThat(DtlsSetup.parse("active").answererRole(DtlsRole.CLIENT)).isEqualTo(DtlsRole.SERVER);
        assertThat(DtlsSetup.parse("passive").answererRole(DtlsRole.SERVER)).isEqualTo(DtlsRole.CLIENT);
        assertThat(DtlsRole.SERVER.setup().sdpValue()).isEqualTo("passive");
        assertThat(DtlsRole.CLIENT.setup().sdpValue()).isEqualTo("active");
        assertThat(DtlsSetup.ACTIVE.offererRole()).isEqualTo(DtlsRole.SERVER);
    }

    private static void assertRoundTrip(SrtpSession sender, SrtpSession receiver) {
        byte[] buf = new byte[200];
        byte[] rtp = SrtpSessionTest.rtp(0x11223344, 7, 100);
        System.arraycopy(rtp, 0, buf, 0, rtp.length);
        PacketBuffer p = new PacketBuffer().wrap(buf, 0, rtp.length);
        assertThat(sender.protectRtp(p)).isEqualTo(SrtpResult.OK);
        assertThat(receiver.unprotectRtp(p)).isEqualTo(SrtpResult.OK);
        assertThat(java.util.Arrays.copyOfRange(buf, 0, p.getLength())).isEqualTo(rtp);
    }
}
