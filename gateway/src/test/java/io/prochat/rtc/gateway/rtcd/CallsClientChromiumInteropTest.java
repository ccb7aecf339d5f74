package io.prochat.rtc.gateway.rtcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import io.prochat.rtc.gateway.TestGateway;
import io.prochat.rtc.gateway.config.GatewayConfig;
import io.prochat.rtc.gateway.config.HttpConfig;
import io.prochat.rtc.gateway.config.RoutingMode;
import io.prochat.rtc.testing.FreePorts;
import io.prochat.rtc.testing.calls.CallsBrowser;
import io.prochat.rtc.testing.calls.CallsClientPage;
import io.prochat.rtc.testing.calls.CallsPluginStandIn;
import io.prochat.rtc.testing.calls.CallsPluginStandIn.JoinRequest;
import io.prochat.rtc.testing.calls.CallsPluginStandIn.Session;
import io.prochat.rtc.testing.calls.ClientOptions;
import io.prochat.rtc.testing.calls.PeerStats;
import io.prochat.rtc.testing.calls.SessionEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ProChat RTC as the Calls plugin's RTC server, with the real Calls client: three {@code RTCPeer}s of
 * {@code @mattermost/calls-common} in headless Chromium, their signalling relayed by a stand-in for the Calls plugin
 * that speaks rtcd's {@code /ws} as rtcd's Go client does (registering itself first, as the plugin does with
 * self-registration on). One call, run as the webapp runs it: join, unmute, share a screen, mute, lose the plugin's
 * WebSocket, leave. The screen is shared as simulcast layers ({@code l} and {@code h}), as the plugin's
 * {@code EnableSimulcast} makes the webapp send it.
 */
class CallsClientChromiumInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CALL = "kk8y4s6t1fyrpm3tbnqh6ooxsa";

    @TempDir
    static Path dir;
    private static TestGateway gateway;
    private static CallsBrowser browser;
    private static CallsPluginStandIn plugin;

    @BeforeAll
    static void start() {
        assumeTrue(CallsBrowser.isAvailable(), "Chromium, chromedriver, node and npm are needed");
        GatewayConfig d = TestGateway.config(dir, RoutingMode.HYBRID, List.of(TestGateway.API_KEY), 65536);
        GatewayConfig c = new GatewayConfig(
                new HttpConfig("127.0.0.1", FreePorts.tcp(), true, 65536, false, "", 1440),
                d.rtc(), d.logger(), d.store(), d.gateway(), d.jitsi(), d.mattermost());
        gateway = TestGateway.start(c, TestGateway.API_KEY, true);
        plugin = CallsPluginStandIn.connect(URI.create("http://127.0.0.1:" + gateway.port()), "mattermost-test",
                "an-auth-key-of-at-least-32-characters", CallsPluginStandIn.Registration.IF_CONNECT_FAILS);
        browser = CallsBrowser.start();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {plugin, browser, gateway}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // best effort: the next resource still closes
            }
        }
    }

    @Test
    void threeCallsClientsHearEachOtherSeeAScreenShareAndSurviveThePluginsWebSocketDropping() {
        threeClients(browser, plugin, () -> gateway.api.get("/metrics").body());
    }

    /**
     * The scenario, on whichever rtcd host {@code plugin} is connected to ({@code CallsClientOnSfuNodeChromiumTest}
     * runs it on an SFU node); {@code metrics}: that host's {@code /metrics}. Ends with Ann and Bob still in the call;
     * returns Ann's, Bob's and Cid's sessions.
     */
    static List<Session> threeClients(CallsBrowser browser, CallsPluginStandIn plugin, Supplier<String> metrics) {
        Session ann = join(browser, plugin, "ann", ClientOptions.loopback().withSimulcast(true)); // her screen: l and h
        Session bob = join(browser, plugin, "bob", ClientOptions.loopback());
        Session cid = join(browser, plugin, "cid", ClientOptions.loopback());
        for (Session s : List.of(ann, bob, cid)) {
            s.page().awaitStats(PeerStats::connected, WAIT);
        }

        for (Session s : List.of(ann, bob, cid)) {
            s.page().unmute();
        }
        // each hears the other two: audio packets arriving and decoded, under the sender's session id
        for (Session s : List.of(ann, bob, cid)) {
            List<String> others = List.of(ann, bob, cid).stream().filter(o -> o != s).map(Session::sessionId).toList();
            s.page().awaitStats(st -> others.stream().allMatch(o -> st.inbound("audio", o)
                    .map(i -> i.packets() > 50 && i.decodedSamples() > 48_000).orElse(false)), WAIT);
        }

        // the data channel: the legacy text ping answered, a MediaMap before every server offer (Bob was offered
        // Ann's and Cid's voice), and rtcd's msgpack messages of newer clients (Ping, Lock/Unlock, LossRate)
        CallsClientPage bobPage = bob.page();
        assertThat(bobPage.dataChannelMessages()).anyMatch(m -> m.text() && m.data().equals("pong"));
        assertThat(binaryMessages(bobPage)).anyMatch(b -> b.length > 2 && (b[0] & 0xff) == 0xcc && b[1] == 9
                && new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).contains(ann.sessionId())
                && new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).contains("voice"));
        int seen = binaryMessages(bobPage).size();
        bobPage.sendDataChannel(new byte[] {(byte) 0xcc, 1}); // Ping
        bobPage.sendDataChannel(new byte[] {(byte) 0xcc, 7}); // Lock
        bobPage.sendDataChannel(new byte[] {(byte) 0xcc, 8}); // Unlock
        bobPage.sendDataChannel(new byte[] {(byte) 0xcc, 4, (byte) 0xcb, 0x3f, (byte) 0x84, 0x7a, (byte) 0xe1, 0x47,
                (byte) 0xae, 0x14, 0x7b}); // LossRate 0.01
        awaitBinary(bobPage, seen, b -> b.length == 2 && (b[0] & 0xff) == 0xcc && b[1] == 2); // Pong
        awaitBinary(bobPage, seen, b -> b.length == 3 && (b[0] & 0xff) == 0xcc && b[1] == 7 && (b[2] & 0xff) == 0xc3);
        assertThat(metrics.get()).containsPattern("rtcd_rtc_client_loss_rate_count(\\{[^}]*\\})? 1");

        CallsClientPage.ScreenShare share = ann.page().startScreenShare();
        assertThat(share.screenStreamID()).isNotBlank();
        for (Session s : List.of(bob, cid)) {
            s.page().awaitStats(st -> st.inbound("video", ann.sessionId()).map(i -> i.frames() > 10).orElse(false),
                    WAIT);
        }
        assertThat(ann.page().stats().outbound().stream().filter(o -> "video".equals(o.kind()))
                .map(PeerStats.Outbound::rid)).as("both layers negotiated").contains("l", "h");

        // muting stops Ann's voice for the others and ends her voice activity
        ann.page().mute();
        long before = audioFrom(bob, ann);
        ann.log().await(SessionEvent.Kind.VOICE_OFF, WAIT);
        sleep(1500);
        long after = audioFrom(bob, ann);
        sleep(1500);
        assertThat(audioFrom(bob, ann)).as("no packets once muted").isLessThanOrEqualTo(after + 5);
        assertThat(after).isGreaterThanOrEqualTo(before);

        // the plugin's WebSocket drops and comes back: media never stops
        long bobHearsCid = audioFrom(bob, cid);
        plugin.dropConnection();
        bob.page().awaitStats(st -> st.inbound("audio", cid.sessionId()).map(i -> i.packets() > bobHearsCid + 50)
                .orElse(false), WAIT);
        plugin.reconnect(true);

        plugin.leave(cid);
        cid.log().await(SessionEvent.Kind.CLOSE, WAIT);
        assertThat(ann.pageFailure()).isNull();
        assertThat(bob.pageFailure()).isNull();
        return List.of(ann, bob, cid);
    }

    private static Session join(CallsBrowser browser, CallsPluginStandIn plugin, String name, ClientOptions options) {
        CallsClientPage page = browser.newClient(name, options);
        return plugin.join(page, JoinRequest.of(CALL, name + "-user-id-0000000000", name + "-session", "channel-1"));
    }

    private static List<byte[]> binaryMessages(CallsClientPage page) {
        return page.dataChannelMessages().stream().filter(m -> !m.text())
                .map(m -> java.util.Base64.getDecoder().decode(m.data())).toList();
    }

    private static void awaitBinary(CallsClientPage page, int after, java.util.function.Predicate<byte[]> match) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<byte[]> all = binaryMessages(page);
            if (all.subList(Math.min(after, all.size()), all.size()).stream().anyMatch(match)) {
                return;
            }
            sleep(50);
        }
        throw new AssertionError("no such data channel message after #" + after + " on " + page);
    }

    private static long audioFrom(Session receiver, Session sender) {
        return receiver.page().stats().inbound("audio", sender.sessionId()).map(PeerStats.Inbound::packets)
                .orElse(0L);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
