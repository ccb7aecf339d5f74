package io.prochat.rtc.testing.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.prochat.rtc.testing.calls.CallsPluginStandIn.JoinRequest;
import io.prochat.rtc.testing.calls.CallsPluginStandIn.Registration;
import io.prochat.rtc.testing.mattermost.MattermostIds;

/**
 * The whole chain without a ProChat server: two real Calls clients, the plugin stand-in, and a fake rtcd that
 * bridges the two sessions' signalling to each other; including a plugin WebSocket drop and reconnect, after which
 * renegotiation (an unmute) still reaches the other side.
 */
class CallsPluginStandInWithClientsTest {
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
    void clientsConnectThroughTheStandInAndRenegotiateAfterAReconnect() throws Exception {
        String call = MattermostIds.newId();
        String channel = MattermostIds.newId();
        JoinRequest aliceJoin = JoinRequest.newSession(call, channel);
        JoinRequest bobJoin = JoinRequest.newSession(call, channel);
        try (FakeRtcd rtcd = new FakeRtcd();
             CallsPluginStandIn plugin = CallsPluginStandIn.connect(URI.create("http://127.0.0.1:" + rtcd.port()),
                     "prochat-test", "k".repeat(32), Registration.IF_CONNECT_FAILS)) {
            rtcd.bridge(aliceJoin.sessionId(), bobJoin.sessionId());
            CallsPluginStandIn.Session alice = plugin.join(browser.newClient("alice", ClientOptions.loopback()),
                    aliceJoin);
            CallsPluginStandIn.Session bob = plugin.join(browser.newClient("bob", ClientOptions.loopback()), bobJoin);
            try {
                alice.page().awaitEvent("connect", WAIT);
                bob.page().awaitEvent("connect", WAIT);
                assertThat(alice.log().count(SessionEvent.Kind.RECEIVED_SDP)).isEqualTo(1);

                CallsClientPage.VoiceTrack voice = alice.page().unmute();
                alice.log().await(SessionEvent.Kind.SENT_UNMUTE, WAIT);
                bob.page().awaitStats(s -> s.inbound("audio", voice.streamId())
                        .filter(i -> i.decodedSamples() > 24_000).isPresent(), WAIT);

                plugin.dropConnection();
                plugin.reconnect(true);
                bob.log().await(SessionEvent.Kind.SENT_RECONNECT, WAIT);
                int mark = alice.log().size();

                CallsClientPage.VoiceTrack bobVoice = bob.page().unmute();
                alice.page().awaitStats(s -> s.inbound("audio", bobVoice.streamId())
                        .filter(i -> i.decodedSamples() > 24_000).isPresent(), WAIT);
                assertThat(alice.log().awaitAfter(mark, e -> e.kind() == SessionEvent.Kind.RECEIVED_SDP, WAIT)
                        .detail()).contains("\"type\":\"offer\"");
                assertThat(plugin.hellos()).hasSize(2);
                assertThat(alice.pageFailure()).isNull();
                assertThat(bob.pageFailure()).isNull();
            } finally {
                alice.page().destroy();
                bob.page().destroy();
            }
        }
    }
}
