package io.prochat.rtc.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.prochat.rtc.gateway.MutableClock;
import io.prochat.rtc.gateway.TestGateway;
import io.prochat.rtc.gateway.config.RoutingMode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The join page in Firefox (Debian's firefox-esr, headless, driven over WebDriver BiDi): the pre-join screen with
 * the call's title, a playing preview and the device pickers; Join clicked with the mouse; the call view with its
 * self-view, title, count and time, at desktop and phone sizes; an expired link's notice. Screenshots go to
 * target/screenshots. Media between Firefox and the SFU is {@link HuddleFirefoxMediaTest}'s: this Firefox gathers no
 * loopback candidate (media.peerconnection.ice.loopback has no effect in it), so that test runs it in a namespace.
 */
class HuddleFirefoxTest {
    @TempDir
    Path dir;
    private TestGateway gw;
    private HeadlessFirefox firefox;
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(HeadlessFirefox.isAvailable(), "needs /usr/bin/firefox-esr");
        Files.createDirectories(HuddlePageLookTest.SHOTS);
        gw = TestGateway.start(TestGateway.config(dir, RoutingMode.HYBRID, List.of(TestGateway.API_KEY), 65536),
                TestGateway.API_KEY, true, clock);
        firefox = HeadlessFirefox.start();
    }

    @AfterEach
    void stop() {
        if (firefox != null) {
            firefox.close();
        }
        if (gw != null) {
            gw.close();
        }
    }

    private String link(String callId, String user, String name) {
        return gw.api.post("/api/v1/calls/" + callId + "/participants",
                "{\"userId\":\"" + user + "\",\"name\":\"" + name + "\"}").json().get("joinUrl").asText();
    }

    @Test
    void preJoinJoinAndTheCallViewAtDesktopAndPhoneSizesAndAnExpiredLink() throws Exception {
        String call = gw.api.post("/api/v1/calls", """
                {"title":"Firefox review","kind":"huddle","createdBy":{"userId":"ann","name":"Ann Lee"}}""")
                .json().get("id").asText();
        String url = link(call, "fox", "Fox Mulder");
        firefox.preload("() => {" + HuddlePageLookTest.CSP_WATCH + "}");
        firefox.open(url + "&loopback=1");
        firefox.viewport(1280, 800);
        await("the pre-join screen ready, the preview playing", () -> firefox.eval(
                "String(!document.getElementById('join').disabled && document.getElementById('preview').videoWidth > 0 "
                        + "&& !document.getElementById('preview').paused)").equals("true"));
        assertThat(firefox.eval("document.getElementById('pj-title').textContent")).isEqualTo("Firefox review");
        assertThat(firefox.eval("document.getElementById('pj-name').textContent")).isEqualTo("Fox Mulder");
        assertThat(Integer.parseInt(firefox.eval("String(document.querySelectorAll('#mic-select option, #cam-select option')"
                + ".length)"))).as("device pickers filled").isGreaterThanOrEqualTo(2);
        assertThat(firefox.eval("JSON.stringify(window.cspViolations)")).as("nothing refused by the page's CSP")
                .isEqualTo("[]");
        Files.write(HuddlePageLookTest.SHOTS.resolve("firefox-prejoin-desktop.png"), firefox.screenshot());

        firefox.click("#join");
        await("the call view with a playing self-view", () -> firefox.eval(
                "(() => { const v = document.querySelector('#tile-self video'); return String(document.body.dataset.view "
                        + "=== 'call' && !!v && v.videoWidth > 0 && !v.paused); })()").equals("true"));
        await("joined", () -> !firefox.eval("String((window.huddleStats || {}).sessionId || '')").isEmpty());
        // the SFU took Firefox's join offer and Firefox its answer: microphone and camera are sending sections (Firefox
        // offers them bundle-only, with port 0, and the SFU's answer had extensions the offer lacked: both once failed)
        await("the join answer applied, microphone and camera accepted", () -> firefox.eval(
                "String(window.huddle.state.pc.getTransceivers().filter(t => (t.mid === '0' || t.mid === '1') "
                        + "&& t.currentDirection === 'sendonly').length)").equals("2"));
        assertThat(firefox.eval("JSON.stringify(window.huddleStats.errors)")).isEqualTo("[]");
        assertThat(firefox.eval("document.getElementById('title').textContent")).isEqualTo("Firefox review");
        assertThat(firefox.eval("document.getElementById('count').textContent")).isEqualTo("1");
        assertThat(firefox.eval("document.getElementById('elapsed').textContent")).matches("\\d\\d:\\d\\d");
        assertThat(firefox.eval("(() => { const r = document.getElementById('tile-self').getBoundingClientRect(); "
                + "const s = document.getElementById('stage').getBoundingClientRect(); "
                + "return String(r.width * r.height > 0.5 * s.width * s.height); })()")).as("one tile fills the stage")
                .isEqualTo("true");
        Files.write(HuddlePageLookTest.SHOTS.resolve("firefox-call-desktop.png"), firefox.screenshot());
        firefox.viewport(390, 844);
        await("the phone layout", () -> firefox.eval("(() => { const r = document.getElementById('tile-self')"
                + ".getBoundingClientRect(); const l = document.getElementById('leave').getBoundingClientRect(); "
                + "return String(innerWidth === 390 && document.documentElement.scrollWidth <= innerWidth "
                + "&& r.right <= innerWidth && l.bottom <= innerHeight); })()").equals("true"));
        Files.write(HuddlePageLookTest.SHOTS.resolve("firefox-call-phone.png"), firefox.screenshot());
        assertThat(firefox.eval("JSON.stringify(window.cspViolations)")).isEqualTo("[]");

        clock.advance(JoinTokens.VALIDITY);
        firefox.open(url + "&loopback=1");
        await("the expired-link notice", () -> firefox.eval(
                "document.getElementById('notice-title').textContent").equals("This link has expired"));
        assertThat(firefox.eval("document.getElementById('notice-text').textContent"))
                .contains("Ask for a new one in the channel");
        Files.write(HuddlePageLookTest.SHOTS.resolve("firefox-expired-phone.png"), firefox.screenshot());
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(250);
        }
    }
}
