package io.prochat.rtc.testing.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.prochat.rtc.testing.calls.CallsPluginStandIn.JoinRequest;
import io.prochat.rtc.testing.calls.CallsPluginStandIn.Registration;
import io.prochat.rtc.testing.calls.FakeRtcd.Frame;

/** The plugin stand-in against a fake rtcd /ws, with a fake client instead of a browser. */
class CallsPluginStandInTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String KEY = "k".repeat(32);

    private FakeRtcd rtcd;

    /** Queues what a test puts in, records what the stand-in signals. */
    static final class FakeClient implements ClientSignalling {
        final ConcurrentLinkedQueue<ClientMessage> out = new ConcurrentLinkedQueue<>();
        final List<String> signals = new CopyOnWriteArrayList<>();

        @Override
        public List<ClientMessage> drainOutgoing() {
            List<ClientMessage> all = new ArrayList<>();
            ClientMessage m;
            while ((m = out.poll()) != null) {
                all.add(m);
            }
            return all;
        }

        @Override
        public void signal(String json) {
            signals.add(json);
        }
    }

    @BeforeEach
    void start() {
        rtcd = new FakeRtcd();
    }

    @AfterEach
    void stop() {
        rtcd.close();
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + rtcd.port());
    }

    @Test
    void registersOnlyAfterAFailedConnectThenRelaysBothWays() throws Exception {
        try (CallsPluginStandIn plugin = CallsPluginStandIn.connect(url(), "prochat-test", KEY,
                Registration.IF_CONNECT_FAILS)) {
            assertThat(rtcd.registrations()).hasSize(1);
            assertThat(rtcd.registrations().get(0))
                    .startsWith("Basic ")
                    .endsWith("{\"clientID\":\"prochat-test\",\"authKey\":\"" + KEY + "\"}");
            assertThat(plugin.hellos()).containsExactly(new RtcdFrame.Hello("prochat-test", "conn-1"));

            FakeClient client = new FakeClient();
            client.out.add(new ClientMessage("sdp", "{\"type\":\"offer\",\"sdp\":\"v=0\"}"));
            client.out.add(new ClientMessage("ice", "{\"candidate\":\"candidate:1\",\"sdpMid\":\"0\"}"));
            CallsPluginStandIn.Session s = plugin.join(client, new JoinRequest("call", "user", "s1", "chan", true,
                    false));

            List<Frame> frames = rtcd.awaitFrames(3, WAIT);
            assertThat(frames.get(0)).isEqualTo(new Frame(1, "join", "{\"callID\":\"call\",\"userID\":\"user\","
                    + "\"sessionID\":\"s1\",\"channelID\":\"chan\",\"av1Support\":true,\"dcSignaling\":false}"));
            assertThat(frames.get(1).type()).isEqualTo("rtc");
            assertThat(frames.get(1).json()).contains("\"session_id\":\"s1\"", "\"type\":2");
            assertThat(frames.get(2).json()).contains("\"type\":1");

            rtcd.send(1, FakeRtcd.rtcdMessage("rtc", "s1", RtcMessage.SDP, "{\"type\":\"answer\",\"sdp\":\"v=0\"}"));
            rtcd.send(1, FakeRtcd.rtcdMessage("rtc", "s1", RtcMessage.ICE,
                    "{\"type\":\"candidate\",\"candidate\":{\"candidate\":\"candidate:2\"}}"));
            rtcd.send(1, FakeRtcd.rtcdMessage("vad", "s1", RtcMessage.VOICE_ON, null));
            rtcd.send(1, FakeRtcd.rtcdMessage("rtc", "nobody", RtcMessage.ICE, "{}"));
            s.log().await(SessionEvent.Kind.VOICE_ON, WAIT);
            assertThat(s.log().await(SessionEvent.Kind.RECEIVED_SDP, WAIT).detail()).contains("answer");
            waitFor(() -> client.signals.size() == 2);
            assertThat(client.signals.get(0)).isEqualTo("{\"type\":\"answer\",\"sdp\":\"v=0\"}");
            assertThat(client.signals.get(1)).startsWith("{\"type\":\"candidate\"");
            waitFor(() -> plugin.unrouted().size() == 1);

            client.out.add(new ClientMessage("unmute", null));
            client.out.add(new ClientMessage("screen_on", "{\"screenStreamID\":\"screen-1\"}"));
            client.out.add(new ClientMessage("screen_off", null));
            client.out.add(new ClientMessage("mute", null));
            frames = rtcd.awaitFrames(7, WAIT);
            assertThat(frames.get(3).json()).contains("\"type\":4").doesNotContain("data");
            assertThat(frames.get(4).json()).contains("\"type\":5");
            assertThat(s.log().await(SessionEvent.Kind.SENT_SCREEN_ON, WAIT).detail())
                    .isEqualTo("{\"screenStreamID\":\"screen-1\"}");
            assertThat(frames.get(5).json()).contains("\"type\":6");
            assertThat(frames.get(6).json()).contains("\"type\":3");

            plugin.leave(s);
            rtcd.send(1, FakeRtcd.close("s1"));
            s.log().await(SessionEvent.Kind.CLOSE, WAIT);
            assertThat(rtcd.awaitFrames(8, WAIT).get(7)).isEqualTo(new Frame(1, "leave", "{\"sessionID\":\"s1\"}"));
        }
    }

    @Test
    void holdsMessagesWhileDroppedAndSendsReconnectOnTheNewConnection() throws Exception {
        rtcd.allow("prochat-test", KEY);
        try (CallsPluginStandIn plugin = CallsPluginStandIn.connect(url(), "prochat-test", KEY,
                Registration.NEVER)) {
            FakeClient client = new FakeClient();
            CallsPluginStandIn.Session s = plugin.join(client, JoinRequest.of("call", "user", "s1", "chan"));
            rtcd.awaitFrames(1, WAIT);

            plugin.dropConnection();
            assertThat(plugin.connected()).isFalse();
            client.out.add(new ClientMessage("sdp", "{\"type\":\"offer\",\"sdp\":\"v=0\"}"));
            Thread.sleep(200);
            assertThat(rtcd.frames()).hasSize(1);

            plugin.reconnect(true);
            assertThat(plugin.hellos()).extracting(RtcdFrame.Hello::connId).containsExactly("conn-1", "conn-2");
            List<Frame> frames = rtcd.awaitFrames(3, WAIT);
            assertThat(frames.get(1)).isEqualTo(new Frame(2, "reconnect", "{\"sessionID\":\"s1\"}"));
            assertThat(frames.get(2).connection()).isEqualTo(2);
            assertThat(frames.get(2).json()).contains("\"type\":2");
            assertThat(s.log().count(SessionEvent.Kind.SENT_RECONNECT)).isEqualTo(1);
        }
    }

    @Test
    void wrongKeyWithoutRegistrationFailsClearly() {
        rtcd.allow("prochat-test", KEY);
        assertThatThrownBy(() -> CallsPluginStandIn.connect(url(), "prochat-test", "x".repeat(32),
                Registration.NEVER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot connect to ws://127.0.0.1:" + rtcd.port() + "/ws as prochat-test");
        assertThat(rtcd.registrations()).isEmpty();
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met in " + WAIT);
            }
            Thread.sleep(20);
        }
    }
}
