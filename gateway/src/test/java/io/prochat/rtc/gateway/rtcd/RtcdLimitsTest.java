package io.prochat.rtc.gateway.rtcd;

import io.javalin.Javalin;
import io.prochat.rtc.gateway.ApiClient;
import io.prochat.rtc.gateway.ApiClient.Answer;
import io.prochat.rtc.gateway.config.HttpConfig;
import io.prochat.rtc.gateway.metrics.GatewayMetrics;
import io.prochat.rtc.gateway.rtcd.RtcdConnections.Admission;
import io.prochat.rtc.gateway.store.Database;
import io.prochat.rtc.gateway.store.RtcdClientStore;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static io.prochat.rtc.gateway.rtcd.RtcdHttp.KEY;
import static io.prochat.rtc.gateway.rtcd.RtcdHttp.client;
import static org.assertj.core.api.Assertions.assertThat;

/** The bcrypt rate limit, the per-client session cap, and the store holding only hashes. */
class RtcdLimitsTest {
    @Test
    void theRateLimiterLetsOneThroughPerIntervalAndRefusesWaitsOverTheLimit() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        RateLimiter r = new RateLimiter(10, 1, 50, now::get); // one per 100 ms, wait at most 50 ms
        assertThat(r.reserve()).isZero();
        assertThat(r.reserve()).isEqualTo(-1);          // would wait 100 ms
        now.addAndGet(60_000_000L);
        assertThat(r.reserve()).isEqualTo(40_000_000L); // waits 40 ms for its turn
        assertThat(r.reserve()).isEqualTo(-1);

        RateLimiter burst = new RateLimiter(1, 3, 0, now::get); // a burst of 3, then nothing without waiting
        assertThat(burst.tryAcquire()).isTrue();
        assertThat(burst.tryAcquire()).isTrue();
        assertThat(burst.tryAcquire()).isTrue();
        assertThat(burst.tryAcquire()).isFalse();
        now.addAndGet(1_000_000_000L);
        assertThat(burst.tryAcquire()).isTrue();
    }

    @Test
    void overTheBcryptLimitTheApiAnswers429InRtcdsShape() {
        try (Database db = Database.open("jdbc:h2:mem:rtcd-limit;DB_CLOSE_DELAY=-1");
             GatewayMetrics metrics = new GatewayMetrics()) {
            RtcdClientStore store = new RtcdClientStore(db);
            RtcdRoutes rtcd = new RtcdRoutes(store, HttpConfig.defaults().withRtcdSecurity(true, false, "", 1440),
                    metrics, Clock.systemUTC(), new RateLimiter(0.2, 1, 0, System::nanoTime), 10);
            Javalin app = Javalin.create(c -> {
                c.startup.showJavalinBanner = false;
                c.jetty.host = "127.0.0.1";
                c.jetty.port = 0;
                rtcd.register(c.routes);
            }).start();
            try {
                ApiClient http = new ApiClient("http://127.0.0.1:" + app.port(), null);
                assertThat(http.send(http.unauthenticated("/register")
                        .POST(HttpRequest.BodyPublishers.ofString(client("c1", KEY)))).status()).isEqualTo(201);
                Answer limited = http.send(http.unauthenticated("/login")
                        .POST(HttpRequest.BodyPublishers.ofString(client("c1", KEY))));
                assertThat(limited.status()).isEqualTo(429);
                assertThat(limited.body()).isEqualTo("{\"error\":\"too many authentication requests; retry in a moment\","
                        + "\"code\":\"429\"}");
                assertThat(limited.raw().headers().firstValue("Retry-After")).contains("1");
                assertThat(metrics.scrape()).contains("prochat_rtcd_refused_total{reason=\"rate_limited\",where=\"api\"} 1.0");

                // only a bcrypt hash is stored
                String hash = store.keyHash("c1").orElseThrow();
                assertThat(hash).startsWith("$2a$10$").doesNotContain(KEY);
            } finally {
                app.stop();
            }
        }
    }

    @Test
    void aClientHasAtMostTheCappedNumberOfSessionsAndASessionHasOneOwner() {
        try (GatewayMetrics metrics = new GatewayMetrics()) {
            RtcdConnections c = new RtcdConnections(metrics, 2);
            FakeLink a = new FakeLink("conn-a", "c1");
            c.opened(a);
            assertThat(c.admitJoin("c1", "conn-a", "s1")).isEqualTo(Admission.OK);
            assertThat(c.admitJoin("c1", "conn-a", "s1")).isEqualTo(Admission.OK); // a repeat is no new session
            assertThat(c.admitJoin("c1", "conn-a", "s2")).isEqualTo(Admission.OK);
            assertThat(c.admitJoin("c1", "conn-a", "s3")).isEqualTo(Admission.TOO_MANY_SESSIONS);
            assertThat(c.admitJoin("c2", "conn-b", "s1")).isEqualTo(Admission.OTHER_CLIENT);
            assertThat(c.isOtherClients("c2", "s1")).isTrue();

            // a close frees the slot and the id
            c.send("c1", "s1", new RtcdMessages.Close("s1"));
            assertThat(a.sent).hasSize(1);
            assertThat(c.admitJoin("c1", "conn-a", "s3")).isEqualTo(Admission.OK);
            assertThat(c.admitJoin("c2", "conn-b", "s1")).isEqualTo(Admission.OK);

            // a message for a session of another client is not delivered
            c.send("c2", "s2", new RtcdMessages.Close("s2"));
            assertThat(a.sent).hasSize(1);
            assertThat(metrics.scrape()).contains("prochat_rtcd_refused_total{reason=\"other_client\",where=\"outbound\"} 1.0");
        }
    }

    private static final class FakeLink implements RtcdConnections.Link {
        final String connId;
        final String clientId;
        final List<byte[]> sent = new ArrayList<>();

        FakeLink(String connId, String clientId) {
            this.connId = connId;
            this.clientId = clientId;
        }

        public String connId() {
            return connId;
        }

        public String clientId() {
            return clientId;
        }

        public boolean isOpen() {
            return true;
        }

        public boolean send(byte[] frame) {
            sent.add(frame);
            return true;
        }
    }
}
