package io.prochat.rtc.sfu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.prochat.rtc.sfu.dtls.DtlsSetup;
import io.prochat.rtc.sfu.dtls.Fingerprint;
import io.prochat.rtc.sfu.ice.IceConfig;
import org.junit.jupiter.api.Test;

/** The transport facade without a browser: answers, refusals, and the connect timeout. */
class SfuTest {
    private static final MediaTransport.MediaHandler NO_MEDIA = new MediaTransport.MediaHandler() {
        @Override
        public void onRtp(MediaTransport from, byte[] buf, int off, int len) {
        }

        @Override
        public void onRtcp(MediaTransport from, byte[] buf, int off, int len) {
        }
    };

    private static TransportDescription remote(DtlsSetup setup) {
        return new TransportDescription("peerUfrag", "peerPasswordLongEnough22",
                List.of(Fingerprint.parse("sha-256 " + "AB:".repeat(31) + "AB")), setup, List.of());
    }

    @Test
    void answersWithOurFingerprintCandidatesAndTheSetupTheOfferLeavesUs() throws Exception {
        try (Sfu sfu = Sfu.start(Sfu.Config.of(IceConfig.loopback()))) {
            MediaTransport actpass = sfu.accept(remote(DtlsSetup.ACTPASS), NO_MEDIA, new MediaTransport.StateListener() {
            });
            MediaTransport active = sfu.accept(remote(DtlsSetup.ACTIVE), NO_MEDIA, new MediaTransport.StateListener() {
            });
            MediaTransport passive = sfu.accept(remote(DtlsSetup.PASSIVE), NO_MEDIA, new MediaTransport.StateListener() {
            });
            assertThat(actpass.localDescription().setup()).isEqualTo(DtlsSetup.PASSIVE);
            assertThat(active.localDescription().setup()).isEqualTo(DtlsSetup.PASSIVE);
            assertThat(passive.localDescription().setup()).isEqualTo(DtlsSetup.ACTIVE);
            assertThat(actpass.localDescription().fingerprints()).containsExactly(sfu.fingerprint());
            assertThat(actpass.localDescription().candidates()).extracting(c -> c.port())
                    .containsExactlyInAnyOrder(sfu.udpPort(), sfu.tcpPort());
            assertThat(actpass.localDescription().iceUfrag()).isNotEqualTo(active.localDescription().iceUfrag());
            assertThat(sfu.transportCount()).isEqualTo(3);
            actpass.close();
            assertThat(sfu.transportCount()).isEqualTo(2);
        }
    }

    @Test
    void aHandshakeThatFinishesAfterCloseLeavesNoSrtpSessionOpen() throws Exception {
        try (Sfu sfu = Sfu.start(Sfu.Config.of(IceConfig.loopback()))) {
            CompletableFuture<MediaTransport> connected = new CompletableFuture<>();
            MediaTransport t = sfu.accept(remote(DtlsSetup.ACTPASS), NO_MEDIA, new MediaTransport.StateListener() {
                @Override
                public void onConnected(MediaTransport transport) {
                    connected.complete(transport);
                }
            });
            long handshakes = sfu.metrics().dtlsHandshakesCompleted();
            t.close();
            // what the DTLS thread does when its handshake completes just after the close (the race the method
            // must survive): keying material for AES_CM_128_HMAC_SHA1_80, two 16-byte keys and two 14-byte salts
            byte[] km = new byte[60];
            java.util.Arrays.fill(km, (byte) 7);
            t.onDtlsConnected(io.prochat.rtc.sfu.srtp.SrtpProfile.AES_CM_128_HMAC_SHA1_80, km);
            assertThat(t.srtpProfile()).as("no SRTP session behind a closed transport").isNull();
            assertThat(t.isConnected()).isFalse();
            assertThat(km).as("the keys are wiped").containsOnly((byte) 0);
            assertThat(connected).isNotDone();
            assertThat(sfu.metrics().dtlsHandshakesCompleted()).isEqualTo(handshakes);
            byte[] rtp = new byte[12 + MediaTransport.TAIL_ROOM];
            rtp[0] = (byte) 0x80;
            assertThat(t.sendRtp(rtp, 0, 12)).isFalse();
        }
    }

    @Test
    void aFloodOfHandshakesThatNeverFinishHoldsABoundedNumberOfThreads() throws Exception {
        try (Sfu sfu = Sfu.start(Sfu.Config.of(IceConfig.loopback()))) {
            for (int i = 0; i < Sfu.DTLS_THREADS + 16; i++) { // each waits for a ClientHello that never comes
                sfu.accept(remote(DtlsSetup.ACTPASS), NO_MEDIA, new MediaTransport.StateListener() {
                });
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (sfu.dtlsThreads() < Sfu.DTLS_THREADS && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(sfu.dtlsThreads()).isEqualTo(Sfu.DTLS_THREADS);
            assertThat(sfu.transportCount()).isEqualTo(Sfu.DTLS_THREADS + 16);
        }
    }

    @Test
    void closingFreesBothPortsForTheNextStart() throws Exception {
        int udp;
        int tcp;
        try (Sfu first = Sfu.start(Sfu.Config.of(IceConfig.loopback()))) {
            udp = first.udpPort();
            tcp = first.tcpPort();
        }
        try (Sfu second = Sfu.start(Sfu.Config.of(IceConfig.loopback().withUdpPort(udp).withTcpPort(tcp)))) {
            assertThat(second.udpPort()).isEqualTo(udp);
            assertThat(second.tcpPort()).isEqualTo(tcp);
        }
    }

    @Test
    void anOfferWithoutFingerprintIsRefused() throws Exception {
        try (Sfu sfu = Sfu.start(Sfu.Config.of(IceConfig.loopback()))) {
            TransportDescription none = new TransportDescription("u", "p".repeat(22), List.of(), DtlsSetup.ACTPASS,
                    List.of());
            assertThatThrownBy(() -> sfu.accept(none, NO_MEDIA, new MediaTransport.StateListener() {
            })).isInstanceOf(IllegalArgumentException.class);
            assertThat(sfu.transportCount()).isZero();
        }
    }

    @Test
    void aPeerThatNeverConnectsIsClosedAfterTheConnectTimeout() throws Exception {
        IceConfig ice = IceConfig.loopback().withConnectTimeout(Duration.ofMillis(700));
        try (Sfu sfu = Sfu.start(Sfu.Config.of(ice))) {
            CompletableFuture<CloseReason> closed = new CompletableFuture<>();
            sfu.accept(remote(DtlsSetup.ACTPASS), NO_MEDIA, new MediaTransport.StateListener() {
                @Override
                public void onClosed(MediaTransport transport, CloseReason reason) {
                    closed.complete(reason);
                }
            });
            assertThat(closed.get(3, TimeUnit.SECONDS)).isEqualTo(CloseReason.CONNECT_TIMEOUT);
            assertThat(sfu.transportCount()).isZero();
            assertThat(sfu.metrics().closes(CloseReason.CONNECT_TIMEOUT)).isEqualTo(1);
        }
    }
}
