package io.prochat.rtc.gateway;

import io.prochat.rtc.gateway.config.GatewayConfig;
import io.prochat.rtc.gateway.config.GatewaySettings;
import io.prochat.rtc.gateway.config.HttpConfig;
import io.prochat.rtc.gateway.config.JitsiConfig;
import io.prochat.rtc.gateway.config.RoutingMode;
import io.prochat.rtc.gateway.config.RtcConfig;
import io.prochat.rtc.gateway.config.StoreConfig;
import io.prochat.rtc.testing.FreePorts;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** A real gateway on a free loopback port with its store in a test folder; tests talk HTTP to it. */
public final class TestGateway implements AutoCloseable {
    public static final String API_KEY = "test-key-0123456789abcdef";
    public static final String JITSI_SECRET = "a-jitsi-app-secret-of-32-chars!!";

    private final Gateway gateway;
    private final ByteArrayOutputStream console;
    public final ApiClient api;

    private TestGateway(Gateway gateway, ByteArrayOutputStream console, String key) {
        this.gateway = gateway;
        this.console = console;
        this.api = new ApiClient("http://127.0.0.1:" + gateway.port(), key);
    }

    /** Hybrid mode, signed Jitsi links, one configured API key. */
    public static TestGateway start(Path storeDir) {
        return start(config(storeDir, RoutingMode.HYBRID, List.of(API_KEY), 65536), API_KEY);
    }

    public static GatewayConfig config(Path storeDir, RoutingMode mode, List<String> keys, int maxBody) {
        GatewayConfig d = GatewayConfig.defaults();
        return new GatewayConfig(
                new HttpConfig("127.0.0.1", FreePorts.tcp(), false, maxBody),
                mediaOnFreePorts(d.rtc()), d.logger(),
                new StoreConfig(storeDir.resolve("store").toString()),
                new GatewaySettings(mode, 10, keys, ""),
                new JitsiConfig("https://meet.example.org", "prochat", JITSI_SECRET, "", "", "", "words", 60),
                d.mattermost());
    }

    /** Media on a free loopback port (UDP and TCP), so tests never meet each other or a running gateway. */
    public static RtcConfig mediaOnFreePorts(RtcConfig d) {
        int port = FreePorts.tcpAndUdp();
        return new RtcConfig(d.iceHostOverride(), port, port, d.iceServers(), d.maxCallParticipants());
    }

    /**
     * A gateway whose SFU runs only its transport (the echo page), without huddle rooms: the SFU backend is down,
     * so these tests see huddles fall back to Jitsi, with signed links they can check without a browser. Tests of
     * huddles on the SFU use {@link #startWithHuddles}.
     */
    public static TestGateway start(GatewayConfig config, String key) {
        return start(config, key, false);
    }

    /** Hybrid mode with huddle rooms on the SFU (media on free loopback ports). */
    public static TestGateway startWithHuddles(Path storeDir) {
        return start(config(storeDir, RoutingMode.HYBRID, List.of(API_KEY), 65536), API_KEY, true);
    }

    public static TestGateway start(GatewayConfig config, String key, boolean huddleRooms) {
        return start(config, key, huddleRooms, Clock.systemUTC());
    }

    /** With a clock the test moves, e.g. a {@link MutableClock}. */
    public static TestGateway start(GatewayConfig config, String key, boolean huddleRooms, Clock clock) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Gateway g = Gateway.start(config, clock, new PrintStream(console, true, StandardCharsets.UTF_8), huddleRooms);
        return new TestGateway(g, console, key);
    }

    /** Runs the idle-call sweep now instead of at its next minute. */
    public void sweepIdleCalls() {
        gateway.sweepIdleCalls();
    }

    /** Tries the room teardowns that are due now instead of at the worker's next run. */
    public void tearDownRooms() {
        gateway.tearDownRooms();
    }

    public String console() {
        return console.toString(StandardCharsets.UTF_8);
    }

    public int port() {
        return gateway.port();
    }

    /** The gateway itself, for what tests wire in (e.g. an rtcd session layer). */
    public Gateway gateway() {
        return gateway;
    }

    @Override
    public void close() {
        gateway.close();
    }
}
