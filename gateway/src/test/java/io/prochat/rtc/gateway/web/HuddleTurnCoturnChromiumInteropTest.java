package io.prochat.rtc.gateway.web;

import io.prochat.rtc.gateway.TestGateway;
import io.prochat.rtc.testing.CoturnServer;
import io.prochat.rtc.testing.HeadlessChromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two people in a huddle whose browsers may use only the TURN relay (iceTransportPolicy "relay"), with the
 * credentials the gateway hands out, through a real coturn on loopback: each decodes the other's camera and receives
 * their microphone, and the selected candidate pair of each is a relay one.
 */
class HuddleTurnCoturnChromiumInteropTest {
    private static final Duration MEDIA = Duration.ofSeconds(40);
    /** Keeps the page's RTCPeerConnection reachable for getStats and records the configuration it got. */
    static final String CAPTURE = """
            (function () {
              const Native = window.RTCPeerConnection;
              window.capturedPcs = [];
              window.RTCPeerConnection = function (config) {
                const pc = new Native(config);
                window.capturedPcs.push(pc);
                window.capturedConfig = JSON.stringify(config);
                return pc;
              };
              window.RTCPeerConnection.prototype = Native.prototype;
            })();
            """;
    static final String LOCAL_CANDIDATE_TYPE = """
            return (async function () {
              const pc = window.capturedPcs[0];
              if (!pc) { return 'no pc'; }
              const stats = await pc.getStats();
              let type = 'none';
              stats.forEach(function (r) {
                if (r.type === 'transport' && r.selectedCandidatePairId) {
                  const pair = stats.get(r.selectedCandidatePairId);
                  type = stats.get(pair.localCandidateId).candidateType;
                }
              });
              return type;
            })();
            """;

    @TempDir
    Path dir;
    private CoturnServer coturn;
    private TestGateway gw;
    private HeadlessChromium chromium;
    private List<HuddlePage> pages = List.of();

    @BeforeEach
    void start() {
        Assumptions.assumeTrue(HeadlessChromium.isAvailable(), "needs /usr/bin/chromium and /usr/bin/chromedriver");
        assertTrue(CoturnServer.isAvailable(), "needs Debian's coturn (/usr/bin/turnserver): run-tests installs it");
        coturn = CoturnServer.start(dir.resolve("coturn"), HuddleTurnCoturnTest.SECRET);
        gw = TestGateway.start(HuddleTurnCoturnTest.withTurn(dir, coturn.url(), HuddleTurnCoturnTest.SECRET),
                TestGateway.API_KEY, true);
        chromium = HeadlessChromium.start(List.of("--disable-background-timer-throttling",
                "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"));
    }

    @AfterEach
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (gw != null) {
            gw.close();
        }
        if (coturn != null) {
            coturn.close();
        }
    }

    private String link(String callId, String user) {
        return gw.api.post("/api/v1/calls/" + callId + "/participants",
                "{\"userId\":\"" + user + "\",\"name\":\"" + user + "\"}").json().get("joinUrl").asText();
    }

    @Test
    void relayOnlyBrowsersExchangeMediaThroughCoturn() throws Exception {
        String call = gw.api.post("/api/v1/calls", """
                {"title":"relay","kind":"huddle","createdBy":{"userId":"ann","name":"Ann"}}""").json()
                .get("id").asText();
        HuddlePage ann = HuddlePage.open(chromium, link(call, "ann") + "&relay=1", "ann", true, CAPTURE);
        HuddlePage bob = HuddlePage.open(chromium, link(call, "bob") + "&relay=1", "bob", false, CAPTURE);
        pages = List.of(ann, bob);
        await("two sessions", () -> ann.sessionId() != null && bob.sessionId() != null);
        String a = ann.sessionId();
        String b = bob.sessionId();
        assertThat(String.valueOf(ann.run("return window.capturedConfig"))).contains("\"iceTransportPolicy\":\"relay\"")
                .contains(coturn.url()).contains(":ann\"");

        await("media both ways through the relay", () -> ann.received(b, "video") > 10 && ann.received(b, "voice") > 10
                && bob.received(a, "video") > 10 && bob.received(a, "voice") > 10);

        assertThat(ann.run(LOCAL_CANDIDATE_TYPE)).isEqualTo("relay");
        assertThat(bob.run(LOCAL_CANDIDATE_TYPE)).isEqualTo("relay");
        String log = coturn.log();
        assertThat(log).as("coturn allocated for both, under their own TURN user names")
                .containsPattern("user <\\d+:ann>").containsPattern("user <\\d+:bob>");
        assertThat(ann.stats().path("errors")).isEmpty();
    }

    private void await(String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + MEDIA.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what + "; the pages: " + pages + "\ncoturn: "
                        + coturn.log());
            }
            Thread.sleep(250);
        }
    }
}
