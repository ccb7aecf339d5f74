package io.prochat.rtc.sfu.echo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.prochat.rtc.sfu.CloseReason;
import io.prochat.rtc.sfu.MediaTransport;
import io.prochat.rtc.sfu.Sfu;
import io.prochat.rtc.sfu.dtls.DtlsRole;
import io.prochat.rtc.sfu.dtls.DtlsSetup;
import io.prochat.rtc.sfu.ice.IceConfig;
import io.prochat.rtc.sfu.ice.IcePorts;
import io.prochat.rtc.sfu.srtp.SrtpProfile;
import io.prochat.rtc.testing.HeadlessChromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SFU transport against a real headless Chromium on loopback: ICE (trickled, 127.0.0.1 only), DTLS 1.2 with
 * fingerprint checks, SRTP both ways, proven by the echo page decoding its own video and receiving its own audio.
 */
class EchoChromiumInteropTest {
    private static final Duration MEDIA_DEADLINE = Duration.ofSeconds(15);

    private Sfu sfu;
    private EchoRoom room;
    private EchoHttp http;
    private HeadlessChromium chromium;

    @BeforeEach
    void chromiumIsInstalled() {
        Assumptions.assumeTrue(HeadlessChromium.isAvailable(), "needs /usr/bin/chromium and /usr/bin/chromedriver");
    }

    private void startSfu(IceConfig ice) throws Exception {
        startSfu(Sfu.Config.of(ice));
    }

    private void startSfu(Sfu.Config config) throws Exception {
        sfu = Sfu.start(config);
        room = new EchoRoom(sfu);
        http = new EchoHttp(room);
        chromium = HeadlessChromium.start();
    }

    @AfterEach
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (http != null) {
            http.close();
        }
        if (room != null) {
            room.close();
        }
        if (sfu != null) {
            sfu.close();
        }
    }

    @Test
    void echoOverUdpDecodesVideoAndReceivesAudioAndShrugsOffJunk() throws Exception {
        // UDP only: with both offered, Chromium nominates whichever pair answers first, and on loopback the TCP pair
        // sometimes does (the media TCP listener hands a first check to its session at once)
        startSfu(IceConfig.loopback().withTcpPort(-1));
        chromium.open(http.url("/echo.html?loopback=1"));
        String title = chromium.awaitTitle(t -> t.startsWith("PASS") || t.startsWith("ERROR") || t.startsWith("FAILED"),
                MEDIA_DEADLINE);
        assertThat(title).startsWith("PASS");
        Map<String, Object> stats = stats();
        System.out.println("echo over UDP, first PASS: " + stats);
        assertThat(stats.get("protocol")).isEqualTo("udp");
        assertThat(stats.get("remoteAddress")).isEqualTo("127.0.0.1");
        assertThat(stats.get("localAddress")).isEqualTo("127.0.0.1"); // the SFU refuses checks from other addresses
        assertThat(room.sessionCount()).isEqualTo(1);
        MediaTransport t = room.session((String) stats.get("session"));
        assertThat(t.iceTransport()).isEqualTo("udp");
        // we are DTLS server: our choice, the cheaper profile for our SRTP (docs/benchmarks.md)
        assertThat(t.srtpProfile()).isEqualTo(SrtpProfile.AES_CM_128_HMAC_SHA1_80);

        long framesBefore = number(stats, "videoFramesDecoded");
        long audioBefore = number(stats, "audioPacketsReceived");
        long authFailBefore = sfu.metrics().drops(io.prochat.rtc.sfu.SfuMetrics.Drop.SRTP_AUTH_FAIL);
        long poolAllocationsBefore = IcePorts.bufferAllocations();
        Junk.udpBurst(sfu.udpPort(), t.localDescription().iceUfrag()); // TCP junk: the TCP test

        Thread.sleep(1500);
        Map<String, Object> after = stats();
        // 1.5 s of echoed audio and video (hundreds of packets) came out of the warm receive-buffer pool
        assertThat(IcePorts.bufferAllocations() - poolAllocationsBefore).isLessThan(8);
        after = statsOnce(after, st -> number(st, "videoFramesDecoded") > framesBefore + 10
                && number(st, "audioPacketsReceived") > audioBefore + 20);
        assertThat(number(after, "videoFramesDecoded")).isGreaterThan(framesBefore + 10);
        assertThat(number(after, "audioPacketsReceived")).isGreaterThan(audioBefore + 20);
        assertThat(after.get("pc")).isEqualTo("connected");
        assertThat(room.sessionCount()).isEqualTo(1);
        // Whether the impostor's junk reaches the session at all depends on ice4j's agent state: once the agent has
        // moved from COMPLETED to TERMINATED it maps no new remote address, so the junk is refused inside ice4j and
        // never counted here. Either way it must not have hurt the call, which is what the assertions above check.
        long dropsAfter = sfu.metrics().drops(io.prochat.rtc.sfu.SfuMetrics.Drop.SRTP_AUTH_FAIL)
                + sfu.metrics().drops(io.prochat.rtc.sfu.SfuMetrics.Drop.NOT_MEDIA);
        System.out.println("junk that reached the session and was dropped: " + (dropsAfter - authFailBefore));
    }

    @Test
    void echoWithTheSfuAsDtlsClientAnsweringSetupActive() throws Exception {
        startSfu(Sfu.Config.of(IceConfig.loopback()).withPreferredDtlsRole(DtlsRole.CLIENT));
        chromium.open(http.url("/echo.html?loopback=1"));
        String title = chromium.awaitTitle(t -> t.startsWith("PASS") || t.startsWith("ERROR") || t.startsWith("FAILED"),
                MEDIA_DEADLINE);
        assertThat(title).startsWith("PASS");
        MediaTransport t = room.session((String) stats().get("session"));
        assertThat(t.localDescription().setup()).isEqualTo(DtlsSetup.ACTIVE);
        assertThat(t.dtlsRole()).isEqualTo(DtlsRole.CLIENT);
        // Chrome, as DTLS server, picks the profile from the two we offer
        assertThat(t.srtpProfile()).isIn(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80);
    }

    @Test
    void echoOverTcpWhenUdpIsNotOfferedWithAesGcm() throws Exception {
        // GCM only, so Chromium checks our AEAD_AES_128_GCM too
        startSfu(Sfu.Config.of(IceConfig.loopback().withUdpPort(-1))
                .withSrtpProfiles(List.of(SrtpProfile.AEAD_AES_128_GCM)));
        chromium.open(http.url("/echo.html?loopback=1"));
        String title = chromium.awaitTitle(t -> t.startsWith("PASS") || t.startsWith("ERROR") || t.startsWith("FAILED"),
                MEDIA_DEADLINE);
        assertThat(title).startsWith("PASS");
        Map<String, Object> stats = stats();
        System.out.println("echo over TCP, first PASS: " + stats);
        assertThat(stats.get("protocol")).isEqualTo("tcp");
        assertThat(stats.get("localAddress")).isEqualTo("127.0.0.1");
        assertThat(stats.get("remoteAddress")).isEqualTo("127.0.0.1");
        MediaTransport t = room.session((String) stats.get("session"));
        assertThat(t.iceTransport()).isEqualTo("tcp");
        assertThat(t.srtpProfile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);

        long framesBefore = number(stats, "videoFramesDecoded");
        Junk.tcpBurst(sfu.tcpPort(), t.localDescription().iceUfrag());
        Thread.sleep(1500);
        Map<String, Object> after = stats();
        after = statsOnce(after, st -> number(st, "videoFramesDecoded") > framesBefore + 10);
        assertThat(number(after, "videoFramesDecoded")).isGreaterThan(framesBefore + 10);
        assertThat(after.get("pc")).isEqualTo("connected");
    }

    @Test
    void aPeerWhoseCertificateDoesNotMatchItsFingerprintIsRefusedAndCounted() throws Exception {
        startSfu(IceConfig.loopback());
        chromium.open(http.url("/echo.html?loopback=1&tamper=fingerprint"));
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (sfu.metrics().fingerprintMismatches() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(sfu.metrics().fingerprintMismatches()).isEqualTo(1);
        // close() counts the reason first, then closes ICE and drops the transport and its session
        while ((room.sessionCount() > 0 || sfu.transportCount() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(sfu.metrics().dtlsHandshakesCompleted()).isZero();
        assertThat(sfu.metrics().rtpPacketsOut()).isZero();
        assertThat(room.sessionCount()).isZero();
        assertThat(sfu.transportCount()).isZero();
        assertThat(chromium.title()).doesNotStartWith("PASS");
    }

    @Test
    void aPeerThatVanishesIsCleanedUpWithinThePeerTimeout() throws Exception {
        Duration peerTimeout = Duration.ofSeconds(3);
        startSfu(IceConfig.loopback().withPeerTimeout(peerTimeout));
        chromium.open(http.url("/echo.html?loopback=1"));
        String title = chromium.awaitTitle(t -> t.startsWith("PASS") || t.startsWith("ERROR"), MEDIA_DEADLINE);
        assertThat(title).startsWith("PASS");
        assertThat(sfu.transportCount()).isEqualTo(1);

        chromium.kill(); // SIGKILL: no close_notify, no goodbye
        long killedAt = System.nanoTime();
        long deadline = killedAt + peerTimeout.plusSeconds(3).toNanos();
        while ((sfu.transportCount() > 0 || room.sessionCount() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(50); // close() drops the transport, then tells the room: wait for both
        }
        long tookMillis = (System.nanoTime() - killedAt) / 1_000_000;
        assertThat(sfu.transportCount()).as("closed after %d ms", tookMillis).isZero();
        assertThat(room.sessionCount()).isZero();
        assertThat(sfu.metrics().closes(CloseReason.PEER_TIMEOUT)).isEqualTo(1);
        assertThat(tookMillis).isBetween(peerTimeout.toMillis() - 500, peerTimeout.toMillis() + 1500);
    }

    /** {@code first}, or the page's stats read again until {@code done} holds (20 s: a loaded host decodes slower). */
    private Map<String, Object> statsOnce(Map<String, Object> first, java.util.function.Predicate<Map<String, Object>> done)
            throws InterruptedException {
        Map<String, Object> st = first;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.test(st) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            st = stats();
        }
        return st;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> stats() {
        return (Map<String, Object>) chromium.eval("return window.echoResult;");
    }

    private static long number(Map<String, Object> stats, String key) {
        return ((Number) stats.get(key)).longValue();
    }
}
