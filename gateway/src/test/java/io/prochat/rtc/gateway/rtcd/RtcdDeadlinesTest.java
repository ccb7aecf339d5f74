package io.prochat.rtc.gateway.rtcd;

import io.javalin.Javalin;
import io.prochat.rtc.gateway.ApiClient;
import io.prochat.rtc.gateway.config.HttpConfig;
import io.prochat.rtc.gateway.metrics.GatewayMetrics;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Hello;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Join;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Rtc;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Vad;
import io.prochat.rtc.gateway.store.Database;
import io.prochat.rtc.gateway.store.RtcdClientStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import static io.prochat.rtc.gateway.rtcd.RtcdHttp.KEY;
import static io.prochat.rtc.gateway.rtcd.RtcdHttp.basic;
import static io.prochat.rtc.gateway.rtcd.RtcdHttp.client;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * rtcd's WebSocket deadlines, kept although Jetty counts our own pings as activity: a plugin that answers pings stays;
 * one that has gone quiet behind an open TCP connection, or stopped reading, is dropped and counted.
 */
class RtcdDeadlinesTest {
    private Database db;
    private GatewayMetrics metrics;
    private RtcdRoutes rtcd;
    private Javalin app;

    private int start(SocketDeadlines deadlines) {
        db = Database.open("jdbc:h2:mem:rtcd-deadlines-" + ThreadLocalRandom.current().nextInt() + ";DB_CLOSE_DELAY=-1");
        metrics = new GatewayMetrics();
        rtcd = new RtcdRoutes(new RtcdClientStore(db), HttpConfig.defaults().withRtcdSecurity(true, false, "", 1440),
                metrics, Clock.systemUTC(), RateLimiter.rtcdDefault(), 10, deadlines);
        RecordingSessions sessions = new RecordingSessions();
        sessions.outbound(rtcd.outbound());
        rtcd.bind(sessions);
        app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.jetty.host = "127.0.0.1";
            c.jetty.port = 0;
            rtcd.register(c.routes);
        }).start();
        ApiClient http = new ApiClient("http://127.0.0.1:" + app.port(), null);
        assertThat(http.send(http.unauthenticated("/register")
                .POST(HttpRequest.BodyPublishers.ofString(client("c1", KEY)))).status()).isEqualTo(201);
        return app.port();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
        if (metrics != null) {
            metrics.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void aPluginThatAnswersPingsOutlivesManyReadDeadlines() throws Exception {
        int port = start(new SocketDeadlines(Duration.ofMillis(200), Duration.ofMillis(600), Duration.ofSeconds(5)));
        try (PluginSocket plugin = PluginSocket.connect(port, basic("c1", KEY))) {
            assertThat(plugin.next()).isInstanceOf(Hello.class);
            plugin.send(new Join("call1", "u1", "s1", "ch1", false, false));
            Thread.sleep(3_000); // five read deadlines, kept by the pongs alone
            Vad vad = new Vad("c1", "u1", "s1", "call1", true);
            rtcd.outbound().send("c1", "s1", vad);
            assertThat(plugin.next()).isEqualTo(vad);
            assertThat(plugin.closed).isNotDone();
        }
        assertThat(metrics.scrape()).doesNotContain("deadline");
    }

    @Test
    void aPluginThatNeverAnswersPingsIsDroppedAtTheReadDeadline() throws Exception {
        int port = start(new SocketDeadlines(Duration.ofMillis(200), Duration.ofMillis(800), Duration.ofSeconds(30)));
        try (Socket quiet = upgrade(port, 0)) {
            long start = System.nanoTime();
            assertThat(readUntilClosed(quiet.getInputStream(), Duration.ofSeconds(20)))
                    .as("the server dropped the connection").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
        }
        assertThat(metrics.scrape()).contains("prochat_rtcd_refused_total{reason=\"read_deadline\",where=\"ws\"} 1.0");
    }

    @Test
    void aPluginThatStopsReadingIsDroppedAtTheWriteDeadline() throws Exception {
        int port = start(new SocketDeadlines(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMillis(500)));
        try (Socket stuck = upgrade(port, 4096)) {
            writeMaskedBinary(stuck.getOutputStream(), RtcdCodec.encode(new Join("call1", "u1", "s1", "ch1", false,
                    false)));
            Thread.sleep(300); // the join is read before the server starts sending
            byte[] big = new byte[64 * 1024];
            // far more than loopback's socket buffers hold: Jetty's queue stops moving
            for (int i = 0; i < 400; i++) {
                rtcd.outbound().send("c1", "s1", new Rtc("c1", "u1", "s1", "call1", RtcdMessages.SDP, big));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!metrics.scrape().contains("reason=\"write_deadline\"") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }
        assertThat(metrics.scrape()).contains("prochat_rtcd_refused_total{reason=\"write_deadline\",where=\"ws\"} 1.0");
    }

    /** A WebSocket client written by hand that answers nothing: the upgrade, then silence. */
    private static Socket upgrade(int port, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        s.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: " + basic("c1", KEY)
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        s.setSoTimeout(5_000);
        StringBuilder head = new StringBuilder();
        InputStream in = s.getInputStream();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("the upgrade answer").isNotEqualTo(-1);
            head.append((char) b);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
        return s;
    }

    /** Reads (and ignores pings) until the server closes the TCP connection: true if it did within {@code limit}. */
    private static boolean readUntilClosed(InputStream in, Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        byte[] buf = new byte[4096];
        while (System.nanoTime() < deadline) {
            try {
                if (in.read(buf) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                // still open
            } catch (IOException e) {
                return true; // reset
            }
        }
        return false;
    }

    private static void writeMaskedBinary(OutputStream out, byte[] payload) throws IOException {
        byte[] mask = {1, 2, 3, 4};
        java.io.ByteArrayOutputStream f = new java.io.ByteArrayOutputStream();
        f.write(0x82);
        if (payload.length < 126) {
            f.write(0x80 | payload.length);
        } else {
            f.write(0x80 | 126);
            f.write(payload.length >> 8);
            f.write(payload.length & 0xff);
        }
        f.write(mask);
        for (int i = 0; i < payload.length; i++) {
            f.write(payload[i] ^ mask[i & 3]);
        }
        out.write(f.toByteArray());
        out.flush();
    }
}
