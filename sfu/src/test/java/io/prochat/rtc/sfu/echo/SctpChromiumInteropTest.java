package io.prochat.rtc.sfu.echo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.prochat.rtc.sfu.MediaTransport;
import io.prochat.rtc.sfu.Sfu;
import io.prochat.rtc.sfu.datachannel.DataChannels;
import io.prochat.rtc.sfu.ice.IceConfig;
import io.prochat.rtc.sfu.room.LossyRelay;
import io.prochat.rtc.sfu.sctp.SctpCounters;
import io.prochat.rtc.testing.HeadlessChromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Our SCTP and DCEP against Chromium's own SCTP stack, through the echo endpoint on loopback: the page opens a data
 * channel, sends text and binary (empty, small, and larger than 16 KB and 64 KB) and gets each back byte for byte;
 * an unordered channel; a channel closed by the page and one closed by the server (both by stream reset); and the same
 * with a relay losing 10 % of the data channel's datagrams both ways.
 */
class SctpChromiumInteropTest {
    private Sfu sfu;
    private EchoRoom room;
    private EchoHttp http;
    private HeadlessChromium chromium;
    private LossyRelay relay;

    @BeforeEach
    void chromiumIsInstalled() {
        Assumptions.assumeTrue(HeadlessChromium.isAvailable(), "needs /usr/bin/chromium and /usr/bin/chromedriver");
    }

    private void start(IceConfig ice) throws Exception {
        sfu = Sfu.start(Sfu.Config.of(ice));
        room = new EchoRoom(sfu);
        http = new EchoHttp(room);
        chromium = HeadlessChromium.start(List.of("--disable-background-timer-throttling"));
    }

    @AfterEach
    void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (relay != null) {
            relay.close();
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
    void echoOfTextAndBinaryAndClosesFromBothSides() throws Exception {
        start(IceConfig.loopback());
        chromium.open(http.url("/echo.html?loopback=1&dc=1"));
        Map<String, Object> result = awaitResult(Duration.ofSeconds(30));
        System.out.println("data channel echo: " + result);
        assertDone(result, 4);
        SctpCounters counters = channels(result).counters();
        System.out.println("our SCTP: " + counters + "; DTLS datagrams dropped on a full queue: "
                + sfu.metrics().drops(io.prochat.rtc.sfu.SfuMetrics.Drop.DTLS_QUEUE));
        assertThat(counters.internalErrors()).isZero();
        assertThat(counters.rejected()).isZero();
    }

    @Test
    void everyMessageArrivesThroughARelayLosingTenPercent() throws Exception {
        start(IceConfig.loopback().withTcpPort(-1)); // UDP only, so everything goes through the relay
        relay = new LossyRelay(sfu.udpPort(), LossyRelay.shareOfDtlsApplicationData(0.10));
        chromium.open(http.url("/echo.html?loopback=1&dc=1&count=8&relay=" + relay.browserFacingPort()
                + "&relayBack=" + relay.sfuFacingPort()));
        Map<String, Object> result = awaitResult(Duration.ofSeconds(90));
        SctpCounters counters = channels(result).counters();
        System.out.println("data channel echo through a lossy relay: " + result + "; relayed " + relay.relayed
                + ", dropped " + relay.dropped + "; our SCTP: " + counters);
        assertDone(result, 8);
        assertThat(relay.dropped.get()).isPositive();
        assertThat(counters.retransmissions()).isPositive();
        assertThat(counters.internalErrors()).isZero();
    }

    private void assertDone(Map<String, Object> result, int count) {
        assertThat(chromium.title()).startsWith("PASS");
        assertThat(number(result, "mismatches")).isZero();
        assertThat(number(result, "echoed")).isEqualTo(2 + 4L * count);
        assertThat(number(result, "mainId") % 2).as("the browser, DTLS client, uses even ids").isZero();
        assertThat(number(result, "unorderedEchoed")).isEqualTo(20);
        assertThat(result.get("pageClosed")).isEqualTo("closed");
        assertThat(result.get("serverClosed")).isEqualTo("closed");
    }

    private DataChannels channels(Map<String, Object> result) {
        MediaTransport t = room.session((String) result.get("session"));
        assertThat(t).isNotNull();
        return t.dataChannels();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> awaitResult(Duration deadline) {
        String title = chromium.awaitTitle(t -> t.startsWith("PASS") || t.startsWith("ERROR")
                || t.startsWith("FAILED"), deadline);
        Map<String, Object> result = (Map<String, Object>) chromium.eval("return window.echoResult;");
        String session = (String) result.get("session");
        MediaTransport t = session == null ? null : room.session(session);
        String ours = t == null || t.dataChannels() == null ? "no data channels" : t.dataChannels().counters()
                + " buffered " + t.dataChannels().bufferedBytes();
        assertThat(title).as("page result %s; our SCTP %s", result, ours).startsWith("PASS");
        return result;
    }

    private static long number(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).longValue();
    }
}
