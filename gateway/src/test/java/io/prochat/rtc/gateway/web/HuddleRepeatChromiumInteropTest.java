package io.prochat.rtc.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.prochat.rtc.gateway.ApiClient;
import io.prochat.rtc.gateway.TestGateway;
import io.prochat.rtc.testing.HeadlessChromium;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three-browser huddle, again and again on one gateway (issue 11, item 10): each round a fresh headless Chromium
 * opens three join pages, everyone must decode everyone else's camera and receive their microphone (the third join
 * renegotiates the first two: the SFU sends them offers), then all leave. A role conflict used to leave one leg of
 * the mesh without a nominated pair once in many rounds; the SFU's agent is now always controlled, and the
 * {@code prochat_sfu_ice_role_conflicts_total} counter must stay 0: Chromium controls, in the join and in every
 * renegotiation. {@code -Dhuddle.repeat=N} sets the rounds (3 by default).
 */
class HuddleRepeatChromiumInteropTest {
    private static final Duration MEDIA = Duration.ofSeconds(40);
    private static final int ROUNDS = Integer.getInteger("huddle.repeat", 3);

    @TempDir
    Path dir;
    private TestGateway gw;
    private HeadlessChromium chromium;
    private List<HuddlePage> pages = List.of();

    @BeforeEach
    void start() {
        Assumptions.assumeTrue(HeadlessChromium.isAvailable(), "needs /usr/bin/chromium and /usr/bin/chromedriver");
        gw = TestGateway.startWithHuddles(dir);
    }

    @AfterEach
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void threeBrowsersReachAFullMeshEveryRound() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            chromium = HeadlessChromium.start(List.of("--disable-background-timer-throttling",
                    "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"));
            String call = gw.api.post("/api/v1/calls", """
                    {"title":"round","kind":"huddle","createdBy":{"userId":"ann","name":"Ann"}}""").json()
                    .get("id").asText();
            HuddlePage ann = HuddlePage.open(chromium, link(call, "ann"), "ann", true);
            HuddlePage bob = HuddlePage.open(chromium, link(call, "bob"), "bob", false);
            HuddlePage cid = HuddlePage.open(chromium, link(call, "cid"), "cid", false);
            List<HuddlePage> all = List.of(ann, bob, cid);
            pages = all;
            await("round " + round + ": three sessions", () -> all.stream().allMatch(p -> p.sessionId() != null));
            String a = ann.sessionId();
            String b = bob.sessionId();
            String c = cid.sessionId();
            await("round " + round + ": full mesh of media",
                    () -> decodes(ann, b, c) && decodes(bob, a, c) && decodes(cid, a, b));
            long conflicts = roleConflicts();
            System.out.println("huddle round " + round + " of " + ROUNDS + ": full mesh; ICE role conflicts so far "
                    + conflicts);
            assertThat(conflicts).as("ICE role conflicts after round " + round).isZero();

            for (HuddlePage p : all) {
                p.run("window.huddle.leave()");
            }
            await("round " + round + ": call ended",
                    () -> gw.api.get("/api/v1/calls/" + call).json().get("state").asText().equals("ended"));
            chromium.close();
            chromium = null;
            pages = List.of();
        }
    }

    private String link(String callId, String user) {
        return gw.api.post("/api/v1/calls/" + callId + "/participants",
                "{\"userId\":\"" + user + "\",\"name\":\"" + user + "\"}").json().get("joinUrl").asText();
    }

    private long roleConflicts() {
        String metrics = new ApiClient("http://127.0.0.1:" + gw.port(), null).get("/metrics").body();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("prochat_sfu_ice_role_conflicts_total ")) {
                return (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
            }
        }
        throw new AssertionError("no prochat_sfu_ice_role_conflicts_total in /metrics");
    }

    private static boolean decodes(HuddlePage p, String... others) {
        var stats = p.stats();
        for (String o : others) {
            if (HuddlePage.received(stats, o, "video") <= 0 || HuddlePage.received(stats, o, "voice") <= 0) {
                return false;
            }
        }
        return true;
    }

    private void await(String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + MEDIA.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what + "; the pages: " + pages);
            }
            Thread.sleep(250);
        }
    }
}
