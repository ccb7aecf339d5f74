package io.prochat.rtc.gateway;

import io.prochat.rtc.gateway.config.ClusterConfig;
import io.prochat.rtc.gateway.config.GatewayConfig;
import io.prochat.rtc.gateway.config.GatewaySettings;
import io.prochat.rtc.gateway.config.HttpConfig;
import io.prochat.rtc.gateway.config.JitsiConfig;
import io.prochat.rtc.gateway.config.RoutingMode;
import io.prochat.rtc.gateway.config.StoreConfig;
import io.prochat.rtc.testing.FreePorts;

import java.util.List;

/** Configs of SFU nodes and gateways that share one store and cluster secret, on free loopback ports. */
public final class ClusterFixture {
    public static final String SECRET = "cluster-secret-0123456789abcdef-0123456789";

    private ClusterFixture() {
    }

    /** An SFU node's config; {@code store} is a path (H2, one JVM) or a PostgreSQL URL. */
    public static GatewayConfig node(String store, String id, int capacity) {
        GatewayConfig d = GatewayConfig.defaults();
        int port = FreePorts.tcp();
        return new GatewayConfig(new HttpConfig("127.0.0.1", port, false, 65536),
                TestGateway.mediaOnFreePorts(d.rtc()), d.logger(), new StoreConfig(store),
                new GatewaySettings(RoutingMode.HYBRID, 10, List.of(), "http://127.0.0.1:" + port, 30, 24, 2),
                d.jitsi(), d.mattermost(), new ClusterConfig(SECRET, id, "", capacity));
    }

    /** An SFU node's config as a Calls plugin host: rtcd self-registration on, as the plugin's default expects. */
    public static GatewayConfig callsNode(String store, String id, int capacity) {
        GatewayConfig n = node(store, id, capacity);
        HttpConfig h = n.http();
        return new GatewayConfig(new HttpConfig(h.serverAddress(), h.serverPort(), true, h.maxRequestBodyBytes()),
                n.rtc(), n.logger(), n.store(), n.gateway(), n.jitsi(), n.mattermost(), n.cluster());
    }

    /** A gateway's config: hybrid, signed Jitsi links to fall back on, one API key. */
    public static GatewayConfig gateway(String store) {
        GatewayConfig d = GatewayConfig.defaults();
        return new GatewayConfig(new HttpConfig("127.0.0.1", FreePorts.tcp(), false, 65536),
                TestGateway.mediaOnFreePorts(d.rtc()), d.logger(), new StoreConfig(store),
                new GatewaySettings(RoutingMode.HYBRID, 10, List.of(TestGateway.API_KEY), ""),
                new JitsiConfig("https://meet.example.org", "prochat", TestGateway.JITSI_SECRET, "", "", "", "words", 60),
                d.mattermost(), new ClusterConfig(SECRET, "", "", ClusterConfig.DEFAULT_CAPACITY));
    }
}
