package io.prochat.rtc.gateway.rtcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.prochat.rtc.gateway.ApiClient;
import io.prochat.rtc.gateway.ClusterFixture;
import io.prochat.rtc.gateway.SfuNode;
import io.prochat.rtc.gateway.cluster.NodeLoad;
import io.prochat.rtc.gateway.cluster.NodeRow;
import io.prochat.rtc.gateway.store.Database;
import io.prochat.rtc.gateway.store.SfuNodeStore;
import io.prochat.rtc.testing.PostgresServer;
import io.prochat.rtc.testing.calls.CallsBrowser;
import io.prochat.rtc.testing.calls.CallsPluginStandIn;
import io.prochat.rtc.testing.calls.SessionEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link CallsClientChromiumInteropTest}'s call (three real {@code @mattermost/calls-common} clients in headless
 * Chromium: voice, data channel, a simulcast screen share, mute, the plugin's WebSocket dropping) on an SFU node
 * ({@code serve --role sfu}) of two on one PostgreSQL, as the Calls plugin runs it when its RTC server URL names the
 * nodes: the plugin registers through node A, and its connection to node B uses the same credentials, unregistered
 * there. The call's participants then show in node B's load in the store, which gateways place huddles by.
 */
class CallsClientOnSfuNodeChromiumTest {
    private static final String KEY = "an-auth-key-of-at-least-32-characters";
    private static PostgresServer postgres;
    private static SfuNode a;
    private static SfuNode b;
    private static Database db;
    private static CallsBrowser browser;
    private static CallsPluginStandIn pluginA;
    private static CallsPluginStandIn pluginB;

    @BeforeAll
    static void start() {
        assumeTrue(CallsBrowser.isAvailable(), "Chromium, chromedriver, node and npm are needed");
        postgres = PostgresServer.start();
        String store = postgres.newDatabase();
        a = SfuNode.start(ClusterFixture.callsNode(store, "node-a", 26), Clock.systemUTC());
        b = SfuNode.start(ClusterFixture.callsNode(store, "node-b", 26), Clock.systemUTC());
        db = Database.open(store);
        pluginA = CallsPluginStandIn.connect(URI.create("http://127.0.0.1:" + a.port()), "mattermost-test", KEY,
                CallsPluginStandIn.Registration.IF_CONNECT_FAILS);
        pluginB = CallsPluginStandIn.connect(URI.create("http://127.0.0.1:" + b.port()), "mattermost-test", KEY,
                CallsPluginStandIn.Registration.NEVER);
        browser = CallsBrowser.start();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {pluginA, pluginB, browser, a, b, db, postgres}) {
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
    void threeCallsClientsOnANodeTheirPluginRegisteredThroughAnother() throws Exception {
        ApiClient nodeB = new ApiClient("http://127.0.0.1:" + b.port(), null);
        List<CallsPluginStandIn.Session> sessions = CallsClientChromiumInteropTest.threeClients(browser, pluginB,
                () -> nodeB.get("/metrics").body());

        // Ann and Bob are still in the call on node B: its heartbeat carries them to the store; node A has none
        SfuNodeStore nodes = new SfuNodeStore(db);
        long deadline = System.nanoTime() + 10_000_000_000L;
        Optional<NodeRow> row = Optional.empty();
        while (System.nanoTime() < deadline) {
            row = nodes.find("node-b").filter(n -> n.participants() == 2 && n.rooms() == 1);
            if (row.isPresent()) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(row).as("node-b in the store: " + nodes.find("node-b")).isPresent();
        assertThat(nodes.find("node-a").orElseThrow().participants()).isZero();

        // node B drains (as SIGTERM does): the plugin is steered away, and once DrainTimeoutSeconds (2 s here) has
        // run out the sessions still in the call are closed, each with rtcd's close to the plugin
        ApiClient internal = new ApiClient("http://127.0.0.1:" + b.port(), ClusterFixture.SECRET);
        assertThat(internal.post("/internal/v1/drain", "").status()).isEqualTo(202);
        assertThat(nodeB.get("/system").json().get("cpu_load").asDouble()).isGreaterThanOrEqualTo(NodeLoad.AVOID);
        for (CallsPluginStandIn.Session s : sessions) {
            s.log().await(SessionEvent.Kind.CLOSE, Duration.ofSeconds(15));
        }
    }
}
