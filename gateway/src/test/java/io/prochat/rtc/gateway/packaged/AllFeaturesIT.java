package io.prochat.rtc.gateway.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import io.prochat.rtc.gateway.ApiClient;
import io.prochat.rtc.gateway.packaged.Features.Serving;
import io.prochat.rtc.gateway.web.HuddlePage;
import io.prochat.rtc.testing.HeadlessChromium;
import io.prochat.rtc.testing.ProsodyServer;
import io.prochat.rtc.testing.mattermost.MattermostStub;
import io.prochat.rtc.testing.mattermost.StubUser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One jar with every optional feature on at once, as a full Option A deployment runs: signed Jitsi links, room
 * control over XMPP, the Mattermost bot and commands, file logging, metrics; and a huddle on its SFU joined by two
 * headless Chromium pages through the jar's own join page, with audio and video flowing both ways.
 */
class AllFeaturesIT {
    private static final Duration MEDIA = Duration.ofSeconds(40);

    @TempDir
    static Path dir;
    static ProsodyServer prosody;
    static MattermostStub mm;
    static Serving jar;

    @BeforeAll
    static void start() {
        prosody = ProsodyServer.start(dir.resolve("prosody"));
        mm = MattermostStub.start();
        Map<String, String> env = new HashMap<>();
        env.putAll(Features.signedLinks());
        env.putAll(Features.roomControl(prosody));
        env.putAll(Features.mattermost(mm));
        env.putAll(Features.fileLogging(dir.resolve("logs/gateway.log")));
        jar = Features.serve(dir.resolve("jar"), env);
    }

    @AfterAll
    static void stop() {
        if (jar != null) {
            jar.close();
        }
        if (mm != null) {
            mm.close();
        }
        if (prosody != null) {
            prosody.close();
        }
    }

    @Test
    void signedLinks() {
        Features.checkSignedLinks(jar.api());
    }

    @Test
    void roomControl() throws Exception {
        Features.checkRoomControl(jar.api(), prosody);
    }

    @Test
    void mattermost() {
        Features.checkMattermost(jar, mm, mm.addUser(StubUser.of("alice", "Alice", "Anderson")));
    }

    @Test
    void logFileAndMetrics() throws Exception {
        Features.checkLogFile(dir.resolve("logs/gateway.log"));
        Features.checkMetrics(jar.api());
    }

    @Test
    void aHuddleOfTwoChromiumPagesWithMediaBothWays() throws Exception {
        ApiClient api = jar.api();
        String call = api.post("/api/v1/calls", """
                {"title":"standup","kind":"huddle","createdBy":{"userId":"ann","name":"Ann"}}""").json()
                .get("id").asText();
        try (HeadlessChromium chromium = HeadlessChromium.start(List.of("--disable-background-timer-throttling",
                "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"))) {
            HuddlePage ann = HuddlePage.open(chromium, link(api, call, "ann"), "ann", true);
            HuddlePage bob = HuddlePage.open(chromium, link(api, call, "bob"), "bob", false);
            await("two sessions", () -> ann.sessionId() != null && bob.sessionId() != null, ann, bob);
            String a = ann.sessionId();
            String b = bob.sessionId();
            await("media both ways", () -> ann.received(b, "video") > 10 && ann.received(b, "voice") > 10
                    && bob.received(a, "video") > 10 && bob.received(a, "voice") > 10, ann, bob);
            assertThat(Features.backend(api, "sfu").get("participants").asInt()).isEqualTo(2);
            ann.run("window.huddle.leave()");
            bob.run("window.huddle.leave()");
            await("call ended", () -> api.get("/api/v1/calls/" + call).json().get("state").asText().equals("ended"),
                    ann, bob);
            // each transport's end is one line of ours, not ice4j's stack trace
            await("the transports' ends logged", () -> jar.jar().stdout().contains("media transport closed"), ann, bob);
            assertThat(jar.jar().stdout()).doesNotContain("Connector died");
        }
    }

    private static String link(ApiClient api, String callId, String user) {
        String url = api.post("/api/v1/calls/" + callId + "/participants",
                "{\"userId\":\"" + user + "\",\"name\":\"" + user + "\"}").json().get("joinUrl").asText();
        assertThat(url).startsWith(jar.url() + "/huddle/");
        return url;
    }

    private static void await(String what, BooleanSupplier done, HuddlePage... pages) {
        long end = System.nanoTime() + MEDIA.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what + "; the pages: " + List.of(pages)
                        + "\n--- the jar's stderr\n" + jar.jar().stderr());
            }
            PackagedJar.sleep(250);
        }
    }
}
