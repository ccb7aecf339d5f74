package io.prochat.rtc.gateway.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.prochat.rtc.gateway.ApiClient.Answer;
import io.prochat.rtc.gateway.packaged.Features.Serving;
import io.prochat.rtc.testing.FreePorts;
import io.prochat.rtc.testing.PostgresServer;
import io.prochat.rtc.testing.mattermost.Click;
import io.prochat.rtc.testing.mattermost.CommandForm;
import io.prochat.rtc.testing.mattermost.MattermostStub;
import io.prochat.rtc.testing.mattermost.StubUser;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two shipped jars on one PostgreSQL, as behind a load balancer, with a WireMock Mattermost (issue 15, items 3 and 5):
 * a huddle made through gateway A is listed, joined (a personal link, to A's page) and its card's Join and End buttons,
 * signed by A, pressed through gateway B. Then a card rewrite A could not make (Mattermost refusing) is pending when A is
 * killed with SIGKILL; B takes the sweeper lease and rewrites the card once A's claim has expired. Only one gateway
 * runs the periodic jobs at a time.
 */
class TwoGatewaysIT {
    @TempDir
    Path dir;

    @Test
    void eitherGatewayServesEveryCallLinkAndButtonAndTheLiveOneCarriesOutTheKilledOnesCardRewrite() {
        try (PostgresServer postgres = PostgresServer.start(); MattermostStub mm = MattermostStub.start()) {
            String database = postgres.newDatabase();
            String name = database.substring(database.lastIndexOf('/') + 1, database.indexOf('?'));
            Map<String, String> shared = new HashMap<>(Features.mattermost(mm));
            shared.put("PROCHAT_STORE_DATASOURCE", "postgres://" + PostgresServer.USER + "@127.0.0.1:" + postgres.port()
                    + "/" + name);
            StubUser alice = mm.addUser(StubUser.of("alice", "Alice", "Anderson"));
            StubUser bob = mm.addUser(StubUser.of("bob", "Bob", "Brown"));

            Serving a = serve(dir.resolve("a"), shared);
            try (Serving b = serve(dir.resolve("b"), shared)) {
                assertThat(eventually(() -> a.jar().stdout() + a.jar().stderr(), l -> l.contains("running the periodic jobs")))
                        .as("A started first: it runs the shared jobs").contains("gateway instance")
                        .contains(": running the periodic jobs");
                assertThat(b.jar().stdout() + b.jar().stderr()).as("B does not, while A is alive")
                        .contains(": not running the periodic jobs").doesNotContain("now runs the periodic jobs");

                // a huddle made through A
                String first = huddle(a, mm, alice);
                String postId = cardOf(mm, first);
                JsonNode listed = b.api().get("/api/v1/calls?state=active").json();
                assertThat(listed.toString()).as("listed through B").contains(first);

                // a personal link through B leads to A's page, where the room is
                Answer join = b.api().post("/api/v1/calls/" + first + "/participants", "{\"userId\":\"" + bob.id()
                        + "\",\"name\":\"Bob\"}");
                assertThat(join.status()).as(join.body()).isEqualTo(200);
                String link = join.json().get("joinUrl").asText();
                assertThat(link).startsWith(a.url() + "/huddle/" + first + "?token=");
                assertThat(a.api().send(HttpRequest.newBuilder(URI.create(link)).GET()).status()).isEqualTo(200);

                assertThat(Features.backend(a.api(), "sfu").get("rooms").asInt()).as("the room is on A").isEqualTo(1);
                assertThat(Features.backend(b.api(), "sfu").get("rooms").asInt()).isZero();

                // the card's buttons, signed by A, pressed through B
                Answer joined = press(b, mm.click(postId, "join", bob), a);
                assertThat(joined.status()).as(joined.body()).isEqualTo(200);
                assertThat(joined.body()).contains(a.url() + "/huddle/" + first);
                Answer ended = press(b, mm.click(postId, "end", alice), a);
                assertThat(ended.status()).as(ended.body()).isEqualTo(200);
                assertThat(ended.json().get("ephemeral_text").asText()).startsWith("You ended");
                assertThat(a.api().get("/api/v1/calls/" + first).json().get("state").asText()).isEqualTo("ended");
                assertThat(eventually(() -> Features.backend(a.api(), "sfu").get("rooms").asInt(), n -> n == 0))
                        .as("A closed the room of the call B ended").isZero();
                assertThat(eventually(() -> mm.storedPost(postId).toString(), s -> s.contains("(ended)")))
                        .as("card rewritten").contains("(ended)");

                // a second huddle, ended through A while Mattermost refuses to patch its card; then A is killed
                String second = huddle(a, mm, alice);
                String secondPost = cardOf(mm, second);
                StubMapping down = mm.server().stubFor(put(urlPathMatching("/api/v4/posts/[^/]+/patch")).atPriority(1)
                        .willReturn(aResponse().withStatus(503).withBody("{\"id\":\"api.down\",\"message\":\"down\"}")));
                assertThat(press(a, mm.click(secondPost, "end", alice), a).status()).isEqualTo(200);
                eventually(() -> mm.requests("PUT", "/api/v4/posts/" + secondPost + "/patch").size(), n -> n > 0);
                a.jar().kill();
                mm.server().removeStub(down);
                assertThat(mm.storedPost(secondPost).toString()).doesNotContain("(ended)");

                // B takes the jobs over when A's lease expires, and the card once A's claim has (1 min back-off)
                String rewritten = eventually(() -> mm.storedPost(secondPost).toString(), s -> s.contains("(ended)"),
                        Duration.ofMinutes(3));
                assertThat(rewritten).as("B carried out A's pending card rewrite").contains("(ended)");
                assertThat(b.jar().stdout() + b.jar().stderr()).contains("now runs the periodic jobs");
            } finally {
                a.close();
            }
        }
    }

    private static Serving serve(Path dir, Map<String, String> shared) {
        int apiPort = FreePorts.tcp();
        Map<String, String> env = new HashMap<>(Features.base(apiPort, FreePorts.tcpAndUdp()));
        env.putAll(shared);
        env.put("PROCHAT_GATEWAY_PUBLICURL", "http://127.0.0.1:" + apiPort);
        PackagedJar jar = PackagedJar.start(dir, env, "serve");
        try {
            jar.awaitListening(apiPort);
        } catch (AssertionError e) {
            jar.close();
            throw e;
        }
        return new Serving(jar, apiPort, new io.prochat.rtc.gateway.ApiClient("http://127.0.0.1:" + apiPort,
                Features.API_KEY));
    }

    /** {@code /huddle standup} typed by {@code user}, answered by {@code gateway}; the new call's id. */
    private static String huddle(Serving gateway, MattermostStub mm, StubUser user) {
        int before = gateway.api().get("/api/v1/calls?state=active").json().get("calls").size();
        CommandForm form = CommandForm.typed("/huddle", "standup", Features.HUDDLE_TOKEN, user, mm.channel, mm.url());
        HttpRequest.Builder req = gateway.api().unauthenticated("/mattermost/commands/huddle")
                .POST(HttpRequest.BodyPublishers.ofString(form.body()));
        form.headers().forEach(req::header);
        Answer answer = gateway.api().send(req);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode calls = eventually(() -> gateway.api().get("/api/v1/calls?state=active").json().get("calls"),
                c -> c.size() == before + 1);
        return calls.get(0).get("id").asText(); // newest first
    }

    private static String cardOf(MattermostStub mm, String callId) {
        return eventually(() -> mm.storedPosts().entrySet().stream()
                .filter(e -> e.getValue().toString().contains(callId)).map(Map.Entry::getKey).findFirst().orElse(""),
                id -> !id.isEmpty());
    }

    /** Mattermost posting a click to the button's URL, sent to {@code to} instead of the gateway that signed it. */
    private static Answer press(Serving to, Click click, Serving signer) {
        String url = click.url().replace(signer.url(), to.url());
        return to.api().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(click.body().toString())));
    }

    private static <T> T eventually(Supplier<T> value, Predicate<T> done) {
        return eventually(value, done, Features.WAIT);
    }

    private static <T> T eventually(Supplier<T> value, Predicate<T> done, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        T v = value.get();
        while (!done.test(v) && System.nanoTime() < deadline) {
            PackagedJar.sleep(250);
            v = value.get();
        }
        return v;
    }
}
