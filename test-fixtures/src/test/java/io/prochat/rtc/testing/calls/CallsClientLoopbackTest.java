package io.prochat.rtc.testing.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The harness's media functions, with no server: two Calls clients in one page connected to each other by a relay in
 * this test (the first offer of the answering client is dropped; its RTCPeer, the polite peer, rolls it back and
 * answers). Proves unmute/mute, the screen share, the msid → stream id mapping and the stats a server test relies on.
 */
class CallsClientLoopbackTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static CallsBrowser browser;

    @BeforeAll
    static void start() {
        assumeTrue(CallsBrowser.isAvailable(), () -> "missing: " + CallsBrowser.missing());
        browser = CallsBrowser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void unmutedVoiceAndAScreenShareArriveDecodedUnderTheirStreamIds() throws Exception {
        CallsClientPage a = browser.newClient("loop-a", ClientOptions.loopback());
        CallsClientPage b = browser.newClient("loop-b", ClientOptions.loopback());
        try (PairRelay relay = new PairRelay(a, b)) {
            a.awaitEvent("connect", WAIT);
            b.awaitEvent("connect", WAIT);
            a.awaitEvent("dc_open", WAIT);

            CallsClientPage.VoiceTrack voice = a.unmute();
            PeerStats heard = b.awaitStats(s -> s.inbound("audio", voice.streamId())
                    .filter(i -> i.decodedSamples() > 24_000 && i.totalAudioEnergy() != null
                            && i.totalAudioEnergy() > 0)
                    .isPresent(), WAIT);
            assertThat(heard.inbound("audio", voice.streamId()).orElseThrow().codec()).isEqualTo("audio/opus");
            assertThat(b.remoteTracks()).anyMatch(t -> t.kind().equals("audio")
                    && voice.streamId().equals(t.streamId()));

            CallsClientPage.ScreenShare screen = a.startScreenShare();
            PeerStats sees = b.awaitStats(s -> s.inbound("video", screen.screenStreamID())
                    .filter(i -> i.frames() > 10).isPresent(), WAIT);
            assertThat(sees.inbound("video", screen.screenStreamID()).orElseThrow().codec()).isEqualTo("video/VP8");

            a.mute();
            long sent = a.awaitStats(s -> true, WAIT).packetsSent("audio");
            Thread.sleep(1_000);
            assertThat(a.stats().packetsSent("audio")).isEqualTo(sent);

            a.stopScreenShare();
            a.unmute();
            a.awaitStats(s -> s.packetsSent("audio") > sent + 10, WAIT);

            assertThat(a.events()).noneMatch(e -> e.type().equals("signal_error") || e.type().equals("error"));
            assertThat(b.events()).noneMatch(e -> e.type().equals("signal_error") || e.type().equals("error"));
        } finally {
            a.destroy();
            b.destroy();
        }
    }

    @Test
    void messagesQueueInTheWebappsOrder() throws Exception {
        CallsClientPage a = browser.newClient("order-a", ClientOptions.loopback());
        CallsClientPage b = browser.newClient("order-b", ClientOptions.loopback());
        try (PairRelay relay = new PairRelay(a, b)) {
            a.awaitEvent("connect", WAIT);
        }
        try {
            // no relay now: what a queues stays queued, in order
            a.unmute();
            CallsClientPage.ScreenShare screen = a.startScreenShare();
            ClientMessage unmute = a.awaitOutgoing(m -> !m.type().equals(ClientMessage.ICE), WAIT);
            assertThat(unmute.type()).isEqualTo(ClientMessage.UNMUTE);
            ClientMessage next = a.awaitOutgoing(m -> !m.type().equals(ClientMessage.ICE), WAIT);
            // the unmute's offer may come before or after screen_on (both are queued from one script call each)
            if (next.type().equals(ClientMessage.SDP)) {
                next = a.awaitOutgoing(m -> !m.type().equals(ClientMessage.ICE), WAIT);
            }
            assertThat(next.type()).isEqualTo(ClientMessage.SCREEN_ON);
            JsonNode on = CallsBrowser.JSON.readTree(next.data());
            assertThat(on.path("screenStreamID").asText()).isEqualTo(screen.screenStreamID());
        } finally {
            a.destroy();
            b.destroy();
        }
    }
}
