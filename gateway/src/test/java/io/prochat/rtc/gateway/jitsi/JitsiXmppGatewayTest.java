package io.prochat.rtc.gateway.jitsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import io.prochat.rtc.gateway.ApiClient.Answer;
import io.prochat.rtc.gateway.MutableClock;
import io.prochat.rtc.gateway.TestGateway;
import io.prochat.rtc.gateway.config.GatewayConfig;
import io.prochat.rtc.gateway.config.GatewaySettings;
import io.prochat.rtc.gateway.config.RoutingMode;
import io.prochat.rtc.testing.FreePorts;
import io.prochat.rtc.testing.ProsodyServer;
import io.prochat.rtc.testing.XmppGuest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.jivesoftware.smack.packet.StanzaError.Condition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway with {@code [Jitsi] XMPPHost} set, against a real Prosody laid out like Jitsi: meetings'
 * rooms are made and protected before the link is handed out, checked by a second, independent XMPP
 * client; ending the call destroys the room; outages show in health and in route reasons.
 */
class JitsiXmppGatewayTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path dir;
    static ProsodyServer prosody;

    @BeforeAll
    static void startProsody() {
        prosody = ProsodyServer.start(dir.resolve("prosody"));
    }

    @AfterAll
    static void stopProsody() {
        if (prosody != null) {
            prosody.stop();
        }
    }

    static TestGateway gateway(String name, int port, String password) {
        return gateway(name, port, password, UnaryOperator.identity(), Clock.systemUTC());
    }

    static TestGateway gateway(String name, int port, String password, UnaryOperator<GatewaySettings> settings,
                               Clock clock) {
        GatewayConfig base = TestGateway.config(dir.resolve(name), RoutingMode.HYBRID, List.of(TestGateway.API_KEY), 65536);
        GatewayConfig c = new GatewayConfig(base.http(), base.rtc(), base.logger(), base.store(),
                settings.apply(base.gateway()),
                base.jitsi().withXmpp("127.0.0.1", port, ProsodyServer.DOMAIN, "", prosody.serviceJid(), password,
                        "", "disabled"),
                base.mattermost());
        return TestGateway.start(c, TestGateway.API_KEY, false, clock);
    }

    static JsonNode jitsi(TestGateway gw) {
        for (JsonNode b : gw.api.get("/api/v1/backends").json().get("backends")) {
            if (b.get("name").asText().equals("jitsi")) {
                return b;
            }
        }
        throw new AssertionError("no jitsi backend");
    }

    static JsonNode awaitJitsi(TestGateway gw, Predicate<JsonNode> condition) throws InterruptedException {
        return awaitJitsi(gw, condition, WAIT);
    }

    static JsonNode awaitJitsi(TestGateway gw, Predicate<JsonNode> condition, Duration wait)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        JsonNode b = jitsi(gw);
        while (!condition.test(b) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            b = jitsi(gw);
        }
        return b;
    }

    static String meeting(String needs) {
        return """
                {"kind":"meeting","title":"Board meeting","createdBy":{"userId":"u-alice","name":"Alice"},
                 "needs":{%s}}""".formatted(needs);
    }

    static String roomJid(JsonNode call) {
        return call.get("room").asText() + "@" + ProsodyServer.MUC_DOMAIN;
    }

    @Test
    void aMeetingWithAPasswordIsProtectedBeforeTheLinkIsHandedOutAndDestroyedAtTheEnd() throws Exception {
        try (TestGateway gw = gateway("protected", prosody.c2sPort(), prosody.servicePassword())) {
            JsonNode backend = awaitJitsi(gw, b -> b.get("status").asText().equals("up"));
            assertThat(backend.get("status").asText()).as(backend.toString()).isEqualTo("up");
            assertThat(backend.at("/xmpp/connected").asBoolean()).isTrue();
            assertThat(backend.at("/xmpp/domain").asText()).isEqualTo(ProsodyServer.DOMAIN);
            assertThat(backend.get("roomControl").asBoolean()).isTrue();
            assertThat(backend.toString()).doesNotContain(prosody.servicePassword());

            Answer created = gw.api.post("/api/v1/calls", meeting("\"password\":true"));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            JsonNode call = created.json();
            assertThat(call.get("warnings")).isNull();
            assertThat(call.at("/route/reason").asText()).doesNotContain("degraded");

            Answer join = gw.api.post("/api/v1/calls/" + call.get("id").asText() + "/participants",
                    "{\"userId\":\"u-carol\",\"name\":\"Carol\"}");
            String password = join.json().get("roomPassword").asText();
            assertThat(password).hasSizeGreaterThanOrEqualTo(20);
            assertThat(join.json().get("joinUrl").asText()).doesNotContain(password);

            try (XmppGuest guest = XmppGuest.anonymous(prosody)) {
                assertThat(guest.join(roomJid(call), "carol", "wrong")).isEqualTo(Condition.not_authorized);
                assertThat(guest.join(roomJid(call), "carol", password)).isNull();

                JsonNode live = gw.api.get("/api/v1/calls/" + call.get("id").asText()).json().get("live");
                assertThat(live.get("occupants").asInt()).isEqualTo(1);

                assertThat(gw.api.delete("/api/v1/calls/" + call.get("id").asText()).status()).isEqualTo(200);
                assertThat(guest.destroyed.get(20, TimeUnit.SECONDS)).isEqualTo("The meeting has ended");
            }
        }
    }

    @Test
    void aMeetingEveryoneLeftIsEndedOnceEmptyPastTheTimeoutAndItsRoomDestroyed() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (TestGateway gw = gateway("idle", prosody.c2sPort(), prosody.servicePassword(),
                s -> s.withIdleCallTimeouts(1, 0), clock)) {
            awaitConnected(gw);
            JsonNode call = gw.api.post("/api/v1/calls", meeting("")).json();
            String path = "/api/v1/calls/" + call.get("id").asText();
            try (XmppGuest guest = XmppGuest.anonymous(prosody)) {
                assertThat(guest.join(roomJid(call), "carol", null)).isNull();
                assertThat(gw.api.get(path).json().at("/live/occupants").asInt()).isEqualTo(1);
                gw.sweepIdleCalls(); // seen in use
            }
            JsonNode left = awaitCall(gw, path, c -> c.at("/live/occupants").asInt(-1) == 0); // Prosody saw her go
            assertThat(left.at("/live/occupants").asInt()).as(left.toString()).isZero();
            gw.sweepIdleCalls(); // empty from now
            clock.advance(Duration.ofSeconds(59));
            gw.sweepIdleCalls();
            assertThat(gw.api.get(path).json().get("state").asText()).isEqualTo("active");

            clock.advance(Duration.ofSeconds(1));
            gw.sweepIdleCalls();

            JsonNode ended = gw.api.get(path).json();
            assertThat(ended.get("state").asText()).isEqualTo("ended");
            assertThat(ended.get("endedAt").isTextual()).isTrue();
            try (XmppGuest late = XmppGuest.anonymous(prosody)) {
                // destroyed: guests cannot create rooms on this server, so the room is not there to join
                assertThat(late.join(roomJid(call), "late", null)).isNotNull();
            }
            assertThat(gw.api.get("/metrics").body()).contains("prochat_calls_swept_total{reason=\"empty\"} 1.0");
        }
    }

    static JsonNode awaitCall(TestGateway gw, String path, Predicate<JsonNode> condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode c = gw.api.get(path).json();
        while (!condition.test(c) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            c = gw.api.get(path).json();
        }
        return c;
    }

    @Test
    void aLobbyIsNotPromisedWhereJitsiHasNoLobbyModule() {
        try (TestGateway gw = gateway("lobby", prosody.c2sPort(), prosody.servicePassword())) {
            awaitConnected(gw);
            JsonNode call = gw.api.post("/api/v1/calls", meeting("\"lobby\":true")).json();
            assertThat(call.get("warnings").toString()).contains("no lobby module");
            try (XmppGuest guest = XmppGuest.anonymous(prosody)) {
                // The room exists (guests cannot create rooms here) and is open.
                assertThat(guest.join(roomJid(call), "guest", null)).isNull();
            }
        }
    }

    @Test
    void afterAProsodyRestartTheGatewayReconnectsAndTheNextMeetingGetsItsRoom() throws Exception {
        try (TestGateway gw = gateway("restart", prosody.c2sPort(), prosody.servicePassword())) {
            awaitConnected(gw);
            String before = jitsi(gw).at("/xmpp/since").asText();
            prosody.restart();
            // the gateway retries after about 1, 3, 7, 15, 31 s: a slow Prosody start may need the fifth attempt
            JsonNode backend = awaitJitsi(gw, b -> b.at("/xmpp/connected").asBoolean()
                    && !b.at("/xmpp/since").asText().equals(before), Duration.ofSeconds(40)); // connected again

            assertThat(backend.at("/xmpp/connected").asBoolean()).as(backend.toString()).isTrue();

            JsonNode call = gw.api.post("/api/v1/calls", meeting("\"recording\":true")).json();
            assertThat(call.get("warnings")).as(call.toString()).isNull();
            try (XmppGuest guest = XmppGuest.anonymous(prosody)) {
                assertThat(guest.join(roomJid(call), "guest", null)).isNull();
            }
        }
    }

    @Test
    void wrongCredentialsShowInHealthAndRoutingButMeetingsStillGetLinks() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (TestGateway gw = gateway("wrong", prosody.c2sPort(), "not-the-password")) {
                JsonNode backend = awaitJitsi(gw, b -> !b.at("/xmpp/lastError").isNull() && b.at("/xmpp/lastError").isTextual());
                assertThat(backend.get("status").asText()).isEqualTo("degraded");
                assertThat(backend.get("detail").asText())
                        .startsWith("degraded: XMPP room control unavailable (login refused (not-authorized)");
                assertThat(backend.toString()).doesNotContain("not-the-password");

                Answer created = gw.api.post("/api/v1/calls", meeting("\"password\":true"));
                assertThat(created.status()).isEqualTo(201);
                JsonNode call = created.json();
                assertThat(call.at("/route/reason").asText())
                        .contains("runs on Jitsi (degraded: XMPP room control unavailable (login refused");
                assertThat(call.get("joinUrl").asText()).startsWith("https://meet.example.org/");
                assertThat(call.get("warnings").toString()).contains("the room has no password");
                assertThat(gw.console()).doesNotContain("not-the-password");
            }
        });
    }

    @Test
    void anUnreachableXmppServerNeverHangsStartUpOrCalls() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (TestGateway gw = gateway("unreachable", FreePorts.tcp(), "x")) {
                JsonNode backend = awaitJitsi(gw, b -> b.at("/xmpp/lastError").isTextual());
                assertThat(backend.get("detail").asText()).contains("cannot connect");
                Answer created = gw.api.post("/api/v1/calls", meeting(""));
                assertThat(created.status()).isEqualTo(201);
                assertThat(created.json().at("/route/reason").asText()).contains("degraded: XMPP room control unavailable");
                String id = created.json().get("id").asText();
                assertThat(gw.api.get("/api/v1/calls/" + id).json().at("/live/detail").asText()).contains("unavailable");
                assertThat(gw.api.delete("/api/v1/calls/" + id).status()).isEqualTo(200); // destroy queued, not blocked
            }
        });
    }

    private static void awaitConnected(TestGateway gw) {
        try {
            JsonNode b = awaitJitsi(gw, x -> x.at("/xmpp/connected").asBoolean());
            assertThat(b.at("/xmpp/connected").asBoolean()).as(b + "\n" + prosody.logs()).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
