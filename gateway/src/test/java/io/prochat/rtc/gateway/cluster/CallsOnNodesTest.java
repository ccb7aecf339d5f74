package io.prochat.rtc.gateway.cluster;

import io.prochat.rtc.gateway.ApiClient;
import io.prochat.rtc.gateway.ClusterFixture;
import io.prochat.rtc.gateway.Gateway;
import io.prochat.rtc.gateway.SfuNode;
import io.prochat.rtc.gateway.TestGateway;
import io.prochat.rtc.testing.PostgresServer;
import io.prochat.rtc.testing.calls.CallsPluginStandIn;
import io.prochat.rtc.testing.calls.CallsPluginStandIn.JoinRequest;
import io.prochat.rtc.testing.calls.CallsPluginStandIn.Registration;
import io.prochat.rtc.testing.calls.CallsPluginStandIn.Session;
import io.prochat.rtc.testing.calls.ClientMessage;
import io.prochat.rtc.testing.calls.ClientSignalling;
import io.prochat.rtc.testing.calls.SessionEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Calls plugin's path with SFU nodes, in one JVM on a real PostgreSQL: each {@code --role sfu} node is an rtcd
 * host (a client registered through one authenticates on the other: the store is shared), a draining node reports a
 * {@code /system} load the plugin passes over and closes joins, and a {@code --role gateway} answers {@code /ws} and
 * rtcd's API with a 503 that names the nodes. The plugin is {@link CallsPluginStandIn}, which dials, registers and
 * joins as rtcd's Go client does; the media path with the real Calls client on a node is
 * {@code CallsClientOnSfuNodeChromiumTest}.
 */
class CallsOnNodesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String KEY = "a-plugin-auth-key-of-32-characters-or-more";
    private static PostgresServer postgres;

    private SfuNode a;
    private SfuNode b;
    private Gateway gateway;
    private CallsPluginStandIn pluginA;
    private CallsPluginStandIn pluginB;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void start() {
        String store = postgres.newDatabase();
        a = SfuNode.start(ClusterFixture.callsNode(store, "node-a", 26), Clock.systemUTC());
        b = SfuNode.start(ClusterFixture.callsNode(store, "node-b", 26), Clock.systemUTC());
        gateway = Gateway.start(ClusterFixture.gateway(store), Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream()), Role.GATEWAY);
    }

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {pluginA, pluginB, gateway, a, b}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing the rest matters more
            }
        }
    }

    private static URI url(SfuNode node) {
        return URI.create("http://127.0.0.1:" + node.port());
    }

    /** A client that never offers: enough to see what the server does with its join. */
    private static final ClientSignalling SILENT = new ClientSignalling() {
        @Override
        public List<ClientMessage> drainOutgoing() {
            return List.of();
        }

        @Override
        public void signal(String json) {
        }
    };

    @Test
    void aPluginRegisteredThroughOneNodeIsKnownToEveryNodeAndJoinsThere() {
        // the plugin's first start: dial fails (unknown client), POST /register, dial again
        pluginA = CallsPluginStandIn.connect(url(a), "mattermost-1", KEY, Registration.IF_CONNECT_FAILS);
        // its connection to the second host: the same credentials, no registration
        pluginB = CallsPluginStandIn.connect(url(b), "mattermost-1", KEY, Registration.NEVER);
        // the plugin's version gate, asked of every host (rtcd.md §2.7: at least v0.17.0)
        assertThat(new ApiClient(url(b).toString(), null).get("/version").json().get("buildVersion").asText())
                .startsWith("v");
        assertThat(pluginB.hellos()).singleElement().satisfies(h -> assertThat(h.clientId()).isEqualTo("mattermost-1"));
        assertThatThrownBy(() -> CallsPluginStandIn.connect(url(b), "mattermost-1", KEY.replace('a', 'b'),
                Registration.NEVER)).as("a wrong key is still refused").isInstanceOf(IllegalStateException.class);

        Session s = pluginB.join(SILENT, JoinRequest.newSession("call-on-b", "channel-1"));
        within(() -> sessionsOf(b, "call-on-b").status() == 200);
        assertThat(sessionsOf(a, "call-on-b").status()).as("a call lives on one host").isEqualTo(404);
        assertThat(s.log().count(SessionEvent.Kind.CLOSE)).isZero();
    }

    @Test
    void aDrainingNodeIsPassedOverByLoadAndClosesNewJoins() {
        pluginA = CallsPluginStandIn.connect(url(a), "mattermost-1", KEY, Registration.IF_CONNECT_FAILS);
        double before = systemLoad(a);
        assertThat(before).isLessThan(NodeLoad.AVOID);

        ApiClient internal = new ApiClient(url(a).toString(), ClusterFixture.SECRET);
        assertThat(internal.post("/internal/v1/drain", "").status()).isEqualTo(202);
        assertThat(systemLoad(a)).as("the plugin picks the host with the lowest cpu_load")
                .isGreaterThanOrEqualTo(NodeLoad.AVOID).isGreaterThan(systemLoad(b));

        Session s = pluginA.join(SILENT, JoinRequest.newSession("call-1", "channel-1"));
        s.log().await(SessionEvent.Kind.CLOSE, WAIT);
        assertThat(new ApiClient(url(a).toString(), null).get("/metrics").body())
                .contains("prochat_calls_messages_refused_total{reason=\"draining\"} 1.0");
    }

    @Test
    void aGatewayAnswersThePluginWithA503NamingTheNodes() throws Exception {
        // as the plugin pointed at a gateway does: the dial is refused, then POST /register tells why
        assertThatThrownBy(() -> CallsPluginStandIn.connect(URI.create("http://127.0.0.1:" + gateway.port()),
                "mattermost-1", KEY, Registration.IF_CONNECT_FAILS))
                .hasMessageContaining("503")
                .hasMessageContaining("--role gateway")
                .hasMessageContaining("node-a http://127.0.0.1:" + a.port())
                .hasMessageContaining("node-b http://127.0.0.1:" + b.port());

        String ws = upgrade(gateway.port());
        assertThat(ws).startsWith("HTTP/1.1 503").contains("\"code\":\"503\"")
                .contains("serve --role sfu").contains("node-a http://127.0.0.1:" + a.port());
        assertThat(upgrade(a.port())).as("a node upgrades (and then refuses the unauthenticated socket)")
                .doesNotStartWith("HTTP/1.1 503");

        ApiClient anonymous = new ApiClient("http://127.0.0.1:" + gateway.port(), null);
        ApiClient.Answer system = anonymous.get("/system");
        assertThat(system.status()).isEqualTo(503);
        assertThat(system.json().get("error").asText()).contains("Calls plugin's RTCD service URL");
        assertThat(anonymous.get("/version").status()).as("the gateway's own version").isEqualTo(200);
        assertThat(anonymous.get("/metrics").body())
                .contains("prochat_rtcd_refused_total{reason=\"on_nodes\",where=\"api\"} 4.0");
        assertThat(new ApiClient("http://127.0.0.1:" + gateway.port(), TestGateway.API_KEY).get("/api/v1/backends")
                .status()).as("the gateway's own API is unaffected").isEqualTo(200);
    }

    private static ApiClient.Answer sessionsOf(SfuNode node, String call) {
        ApiClient c = new ApiClient(url(node).toString(), null);
        return c.send(c.unauthenticated("/calls/" + call + "/sessions").header("Authorization", "Basic "
                + java.util.Base64.getEncoder().encodeToString(("mattermost-1:" + KEY).getBytes(StandardCharsets.UTF_8))));
    }

    private static double systemLoad(SfuNode node) {
        return new ApiClient(url(node).toString(), null).get("/system").json().get("cpu_load").asDouble();
    }

    /** A WebSocket upgrade request for {@code /ws}, without credentials, over a plain socket: the head and body. */
    private static String upgrade(int port) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    got.write(buf, 0, n);
                    if (got.toString(StandardCharsets.UTF_8).contains("}")) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException e) {
                // what came is the answer
            }
            return got.toString(StandardCharsets.UTF_8);
        }
    }

    private static void within(java.util.function.BooleanSupplier check) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (check.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("not within " + WAIT);
    }
}
