package io.prochat.rtc.gateway.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.prochat.rtc.gateway.Main;
import io.prochat.rtc.gateway.TestGateway;
import io.prochat.rtc.gateway.config.GatewayConfig;
import io.prochat.rtc.gateway.config.RoutingMode;
import io.prochat.rtc.gateway.config.TurnConfig;
import io.prochat.rtc.gateway.deploy.TurnProbe;
import io.prochat.rtc.testing.CoturnServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real coturn (use-auth-secret) on loopback: the credentials the join page gets from {@code /huddle/<call>/ice}
 * open a relay on it; {@code check-turn} says OK with our secret and names the secret when coturn refuses.
 */
class HuddleTurnCoturnTest {
    static final String SECRET = "coturn-shared-secret-0123456789";

    @TempDir
    Path dir;
    private CoturnServer coturn;
    private TestGateway gw;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream oldOut;

    @BeforeEach
    void start() {
        assertTrue(CoturnServer.isAvailable(), "needs Debian's coturn (/usr/bin/turnserver): run-tests installs it");
        coturn = CoturnServer.start(dir.resolve("coturn"), SECRET);
        oldOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        System.setOut(oldOut);
        if (gw != null) {
            gw.close();
        }
        if (coturn != null) {
            coturn.close();
        }
    }

    static GatewayConfig withTurn(Path dir, String url, String secret) {
        GatewayConfig c = TestGateway.config(dir, RoutingMode.HYBRID, List.of(TestGateway.API_KEY), 65536);
        return new GatewayConfig(c.http(), c.rtc().withTurn(new TurnConfig(List.of(url), secret, 60)), c.logger(),
                c.store(), c.gateway(), c.jitsi(), c.mattermost());
    }

    @Test
    void theJoinPagesCredentialsOpenARelayOnCoturnAndStrangersGetNone() throws Exception {
        gw = TestGateway.start(withTurn(dir, coturn.url(), SECRET), TestGateway.API_KEY, true);
        String call = gw.api.post("/api/v1/calls", """
                {"title":"t","kind":"huddle","createdBy":{"userId":"ann","name":"Ann"}}""").json().get("id").asText();
        String join = gw.api.post("/api/v1/calls/" + call + "/participants",
                "{\"userId\":\"ann\",\"name\":\"Ann\"}").json().get("joinUrl").asText();
        String token = join.substring(join.indexOf("token=") + 6);
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> ice = http.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + gw.port() + "/huddle/" + call + "/ice?token=" + token)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ice.statusCode(), ice.body());
        assertThat(ice.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode turn = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ice.body()).at("/iceServers/0");
        assertEquals(coturn.url(), turn.at("/urls/0").asText());
        assertThat(turn.get("username").asText()).matches("\\d+:ann");

        TurnProbe.Outcome o = TurnProbe.allocate(new InetSocketAddress("127.0.0.1", coturn.port()),
                turn.get("username").asText(), turn.get("credential").asText(), Duration.ofSeconds(5));
        assertTrue(o.accepted(), () -> o + "\n" + coturn.log());
        assertEquals("127.0.0.1", o.relayed().getAddress().getHostAddress());

        HttpResponse<String> stranger = http.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + gw.port() + "/huddle/" + call + "/ice?token=forged.token")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, stranger.statusCode());
        assertThat(stranger.body()).doesNotContain("turn:");
    }

    @Test
    void checkTurnSaysOkWithTheRightSecretAndNamesTheSecretWhenCoturnRefuses() throws Exception {
        Path good = Files.writeString(dir.resolve("good.toml"), """
                [RTC]
                TURNURLs = ["%s"]
                TURNStaticAuthSecret = "%s"
                """.formatted(coturn.url(), SECRET));
        Path wrong = Files.writeString(dir.resolve("wrong.toml"), """
                [RTC]
                TURNURLs = ["%s"]
                TURNStaticAuthSecret = "not-the-coturn-secret-at-all"
                """.formatted(coturn.url()));

        assertEquals(0, Main.run("check-turn", "--config", good.toString()), out.toString(StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(coturn.url() + ": OK, the credentials were accepted")
                .contains("relay opened on 127.0.0.1:");
        out.reset();

        assertEquals(1, Main.run("check-turn", "--config", wrong.toString()));

        String said = out.toString(StandardCharsets.UTF_8);
        assertThat(said).contains(coturn.url() + ": REFUSED (401").contains("[RTC] TURNStaticAuthSecret must equal"
                + " coturn's static-auth-secret").doesNotContain("not-the-coturn-secret-at-all");
        assertThat(coturn.log()).as("coturn's side of it").containsIgnoringCase("401");
    }
}
