package io.prochat.rtc.gateway.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import io.prochat.rtc.gateway.ApiClient;
import io.prochat.rtc.gateway.ApiClient.Answer;
import io.prochat.rtc.testing.FreePorts;
import io.prochat.rtc.testing.ProsodyServer;
import io.prochat.rtc.testing.XmppGuest;
import io.prochat.rtc.testing.mattermost.CommandForm;
import io.prochat.rtc.testing.mattermost.MattermostStub;
import io.prochat.rtc.testing.mattermost.Recorded;
import io.prochat.rtc.testing.mattermost.StubUser;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jivesoftware.smack.packet.StanzaError.Condition;

/**
 * Each optional feature as an operator configures it (the {@code PROCHAT_*} variables) and as a user sees it
 * work (the checks), so that the single-feature tests and the all-features one run the same steps.
 */
final class Features {
    static final String API_KEY = "prk_packaged-jar-tests-0123456789";
    static final String JITSI_SECRET = "a-very-long-secret-for-tests-123";
    static final String HUDDLE_TOKEN = "huddle-token-packaged-5c2v8nq0";
    static final String MEET_TOKEN = "meet-token-packaged-7d1z3kx4";
    static final Duration WAIT = Duration.ofSeconds(20);

    private Features() {
    }

    /** What every serving jar gets: its own loopback ports, a known API key, the store in its own directory. */
    static Map<String, String> base(int apiPort, int mediaPort) {
        Map<String, String> env = new HashMap<>();
        env.put("PROCHAT_HTTP_SERVERPORT", String.valueOf(apiPort));
        env.put("PROCHAT_RTC_ICEPORTUDP", String.valueOf(mediaPort));
        env.put("PROCHAT_RTC_ICEPORTTCP", String.valueOf(mediaPort));
        env.put("PROCHAT_GATEWAY_APIKEYS", API_KEY);
        return env;
    }

    /** A serving jar on fresh ports with {@code features} on; the caller closes it. */
    static Serving serve(Path dir, Map<String, String> features, String... extraArgs) {
        int apiPort = FreePorts.tcp();
        Map<String, String> env = base(apiPort, FreePorts.tcpAndUdp());
        env.putAll(features);
        String[] args = new String[extraArgs.length + 1];
        args[0] = "serve";
        System.arraycopy(extraArgs, 0, args, 1, extraArgs.length);
        PackagedJar jar = PackagedJar.start(dir, env, args);
        try {
            jar.awaitListening(apiPort);
        } catch (AssertionError e) {
            jar.close();
            throw e;
        }
        return new Serving(jar, apiPort, new ApiClient("http://127.0.0.1:" + apiPort, API_KEY));
    }

    record Serving(PackagedJar jar, int port, ApiClient api) implements AutoCloseable {
        String url() {
            return "http://127.0.0.1:" + port;
        }

        @Override
        public void close() {
            jar.close();
        }
    }

    // --- signed Jitsi links -------------------------------------------------------------------------------

    /** The README's Option B: Jitsi's URL, app id and secret, nothing else. */
    static Map<String, String> signedLinks() {
        return Map.of("PROCHAT_JITSI_URL", "https://meet.example.org", "PROCHAT_JITSI_APPID", "prochat",
                "PROCHAT_JITSI_APPSECRET", JITSI_SECRET);
    }

    /** A meeting's personal link carries an HS256 JWT that verifies with the secret and names the user and room. */
    static void checkSignedLinks(ApiClient api) {
        Answer created = api.post("/api/v1/calls", """
                {"kind":"meeting","title":"Design review","createdBy":{"userId":"u-alice","name":"Alice"}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String room = created.json().get("room").asText();
        Answer join = api.post("/api/v1/calls/" + created.json().get("id").asText() + "/participants",
                "{\"userId\":\"u-carol\",\"name\":\"Carol\",\"email\":\"carol@example.org\"}");
        assertThat(join.status()).as(join.body()).isEqualTo(200);
        String token = join.json().get("token").asText();
        assertThat(join.json().get("joinUrl").asText()).startsWith("https://meet.example.org/" + room + "?jwt=" + token);

        DecodedJWT jwt = JWT.require(Algorithm.HMAC256(JITSI_SECRET)).withIssuer("prochat").build().verify(token);
        assertThat(jwt.getAlgorithm()).isEqualTo("HS256");
        assertThat(jwt.getClaim("room").asString()).isEqualTo(room);
        assertThat(jwt.getAudience()).containsExactly("prochat");
        Map<String, Object> user = jwt.getClaim("context").asMap();
        assertThat(user.get("user")).asString().contains("Carol").contains("carol@example.org");
        assertThat(jwt.getExpiresAt()).isInTheFuture();
    }

    // --- Jitsi room control over XMPP ------------------------------------------------------------------------

    /** The service account on the test's Prosody; STARTTLS off, as for a Prosody on loopback. */
    static Map<String, String> roomControl(ProsodyServer prosody) {
        return Map.of("PROCHAT_JITSI_XMPPHOST", "127.0.0.1",
                "PROCHAT_JITSI_XMPPPORT", String.valueOf(prosody.c2sPort()),
                "PROCHAT_JITSI_XMPPDOMAIN", ProsodyServer.DOMAIN,
                "PROCHAT_JITSI_XMPPUSER", prosody.serviceJid(),
                "PROCHAT_JITSI_XMPPPASSWORD", prosody.servicePassword(),
                "PROCHAT_JITSI_XMPPTLS", "disabled");
    }

    /** A meeting with a password: its room exists and is protected, a guest sees it, and ending destroys it. */
    static void checkRoomControl(ApiClient api, ProsodyServer prosody) throws Exception {
        JsonNode jitsi = eventually(() -> backend(api, "jitsi"), b -> b.get("status").asText().equals("up"));
        assertThat(jitsi.at("/xmpp/connected").asBoolean()).as(jitsi.toString()).isTrue();

        Answer created = api.post("/api/v1/calls", """
                {"kind":"meeting","title":"Board","createdBy":{"userId":"u-alice","name":"Alice"},
                 "needs":{"password":true}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        String roomJid = created.json().get("room").asText() + "@" + ProsodyServer.MUC_DOMAIN;
        String password = api.post("/api/v1/calls/" + id + "/participants", "{\"userId\":\"u-carol\",\"name\":\"Carol\"}")
                .json().get("roomPassword").asText();

        try (XmppGuest guest = XmppGuest.anonymous(prosody)) {
            assertThat(guest.join(roomJid, "carol", "wrong")).isEqualTo(Condition.not_authorized);
            assertThat(guest.join(roomJid, "carol", password)).isNull();
            assertThat(eventually(() -> api.get("/api/v1/calls/" + id).json(),
                    c -> c.at("/live/occupants").asInt() == 1).at("/live/occupants").asInt()).isEqualTo(1);

            assertThat(api.delete("/api/v1/calls/" + id).status()).isEqualTo(200);
            assertThat(guest.destroyed.get(20, TimeUnit.SECONDS)).isEqualTo("The meeting has ended");
        }
    }

    // --- Mattermost bot and slash commands -------------------------------------------------------------------

    static Map<String, String> mattermost(MattermostStub mm) {
        return Map.of("PROCHAT_MATTERMOST_URL", mm.url(), "PROCHAT_MATTERMOST_BOTTOKEN", MattermostStub.BOT_TOKEN,
                "PROCHAT_MATTERMOST_HUDDLECOMMANDTOKEN", HUDDLE_TOKEN,
                "PROCHAT_MATTERMOST_MEETCOMMANDTOKEN", MEET_TOKEN);
    }

    /** {@code /huddle} and {@code /meet}: the bot posts a card, End is pressed, the bot patches the card. */
    static void checkMattermost(Serving jar, MattermostStub mm, StubUser alice) {
        for (String command : List.of("/huddle", "/meet")) {
            int before = mm.storedPosts().size();
            CommandForm form = CommandForm.typed(command, "standup", command.equals("/meet") ? MEET_TOKEN : HUDDLE_TOKEN,
                    alice, mm.channel, mm.url());
            HttpRequest.Builder b = jar.api().unauthenticated("/mattermost/commands/" + command.substring(1))
                    .POST(HttpRequest.BodyPublishers.ofString(form.body()));
            form.headers().forEach(b::header);
            Answer answer = jar.api().send(b);
            assertThat(answer.status()).as(command + ": " + answer.body()).isEqualTo(200);

            Map<String, ?> posts = eventually(mm::storedPosts, p -> p.size() == before + 1);
            assertThat(posts).as(command + " card").hasSize(before + 1);
            String postId = mm.storedPosts().entrySet().stream()
                    .filter(e -> e.getValue().at("/props/attachments/0/actions").size() > 0
                            && e.getValue().get("edit_at").asLong() == 0)
                    .map(Map.Entry::getKey).findFirst().orElseThrow();
            var click = mm.click(postId, "end", alice);
            Answer ended = jar.api().send(HttpRequest.newBuilder(URI.create(click.url())).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(click.body().toString())));
            assertThat(ended.status()).as(ended.body()).isEqualTo(200);
            assertThat(ended.json().get("ephemeral_text").asText()).startsWith("You ended");

            List<Recorded> patches = eventually(() -> mm.requests("PUT", "/api/v4/posts/" + postId + "/patch"),
                    l -> !l.isEmpty());
            assertThat(patches).as(command + " card patched").hasSize(1);
            assertThat(patches.get(0).authorization()).isEqualTo("Bearer " + MattermostStub.BOT_TOKEN);
            assertThat(mm.storedPost(postId).at("/props/attachments/0/title").asText()).endsWith("(ended)");
        }
    }

    // --- operations -----------------------------------------------------------------------------------------

    static Map<String, String> fileLogging(Path file) {
        return Map.of("PROCHAT_LOGGER_ENABLEFILE", "true", "PROCHAT_LOGGER_FILELOCATION", file.toString(),
                "PROCHAT_LOGGER_FILELEVEL", "INFO");
    }

    static void checkLogFile(Path file) throws Exception {
        String log = eventually(() -> read(file), l -> l.contains("listening on"));
        assertThat(log).as(file.toString()).contains("ProChat RTC gateway listening on");
    }

    /** Prometheus text without a key, with our counters and the JVM's. */
    static void checkMetrics(ApiClient api) {
        Answer metrics = api.send(api.unauthenticated("/metrics").GET());
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(metrics.body()).contains("prochat_calls_active").contains("prochat_sfu_transports")
                .contains("jvm_memory_used_bytes");
        Answer health = api.send(api.unauthenticated("/healthz").GET());
        assertThat(health.status()).isEqualTo(200);
    }

    // --- helpers --------------------------------------------------------------------------------------------

    static JsonNode backend(ApiClient api, String name) {
        for (JsonNode b : api.get("/api/v1/backends").json().get("backends")) {
            if (b.get("name").asText().equals(name)) {
                return b;
            }
        }
        throw new AssertionError("no backend " + name);
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** Polls until {@code done} holds or {@link #WAIT} passes, and returns the last value either way. */
    static <T> T eventually(Supplier<T> value, Predicate<T> done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        T v = value.get();
        while (!done.test(v) && System.nanoTime() < deadline) {
            PackagedJar.sleep(100);
            v = value.get();
        }
        return v;
    }
}
