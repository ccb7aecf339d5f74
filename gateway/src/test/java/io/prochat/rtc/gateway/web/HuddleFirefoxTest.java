package io.prochat.rtc.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.prochat.rtc.gateway.TestGateway;
import io.prochat.rtc.testing.HeadlessChromium;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The join page in Firefox (Debian's firefox-esr, headless, driven over WebDriver BiDi): the pre-join screen, Join
 * clicked with the mouse, and a call with a Chromium participant in which each one's page plays the other's camera
 * and receives their voice; screenshots at desktop and phone sizes.
 */
class HuddleFirefoxTest {
    @TempDir
    Path dir;
    private TestGateway gw;
    private HeadlessChromium chromium;
    private HeadlessFirefox firefox;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(HeadlessChromium.isAvailable(), "needs /usr/bin/chromium and /usr/bin/chromedriver");
        Assumptions.assumeTrue(HeadlessFirefox.isAvailable(), "needs /usr/bin/firefox-esr");
        Files.createDirectories(HuddlePageLookTest.SHOTS);
        gw = TestGateway.startWithHuddles(dir);
        chromium = HeadlessChromium.start(List.of("--disable-background-timer-throttling",
                "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"));
        firefox = HeadlessFirefox.start();
    }

    @AfterEach
    void stop() {
        if (firefox != null) {
            firefox.close();
        }
        if (chromium != null) {
            chromium.close();
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
    void aFirefoxParticipantAndAChromiumOneSeeAndHearEachOther() throws Exception {
        String call = gw.api.post("/api/v1/calls", """
                {"title":"Firefox and Chromium","kind":"huddle","createdBy":{"userId":"ann","name":"Ann Lee"}}""")
                .json().get("id").asText();
        firefox.open(link(call, "fox", "Fox Mulder") + "&loopback=1");
        firefox.viewport(1280, 800);
        await("Firefox's pre-join screen ready", () -> firefox.eval(
                "String(!document.getElementById('join').disabled && document.getElementById('preview').videoWidth > 0)")
                .equals("true"));
        assertThat(firefox.eval("document.getElementById('pj-title').textContent")).isEqualTo("Firefox and Chromium");
        Files.write(HuddlePageLookTest.SHOTS.resolve("firefox-prejoin-desktop.png"), firefox.screenshot());
        firefox.click("#join");
        await("Firefox joined", () -> !firefox.eval("String((window.huddleStats || {}).sessionId || '')").isEmpty());
        String fox = firefox.eval("window.huddleStats.sessionId");

        HuddlePage ann = HuddlePage.open(chromium, link(call, "ann", "Ann Lee"), "ann", true);
        await("Ann joined", () -> ann.sessionId() != null);
        String a = ann.sessionId();
        await("Ann decodes Fox's camera and hears him", () -> ann.received(fox, "video") > 10
                && ann.received(fox, "voice") > 10);
        // in Firefox: Ann's tile plays (its picture advances) and audio arrives
        await("Ann's camera plays in Firefox", () -> Double.parseDouble(firefox.eval(
                "(() => { const v = document.querySelector('#tile-" + a + " video'); "
                        + "return String(v && v.videoWidth > 0 && !v.paused ? v.currentTime : -1); })()")) > 1);
        await("audio arrives in Firefox", () -> Long.parseLong(firefox.eval(
                "window.huddle.state.pc.getStats().then(s => { let n = 0; s.forEach(r => { if (r.type === 'inbound-rtp' "
                        + "&& r.kind === 'audio') { n += r.packetsReceived || 0; } }); return String(n); })")) > 50);
        assertThat(firefox.eval("String(document.getElementById('tile-self').querySelector('video').videoWidth > 0)"))
                .as("Firefox's self-view plays").isEqualTo("true");
        assertThat(firefox.eval("document.getElementById('count').textContent")).isEqualTo("2");
        Files.write(HuddlePageLookTest.SHOTS.resolve("firefox-call-desktop.png"), firefox.screenshot());
        firefox.viewport(390, 844);
        await("the phone layout in Firefox", () -> firefox.eval(
                "String(document.documentElement.scrollWidth <= innerWidth && innerWidth === 390)").equals("true"));
        Files.write(HuddlePageLookTest.SHOTS.resolve("firefox-call-phone.png"), firefox.screenshot());
        assertThat(firefox.eval("JSON.stringify(window.huddleStats.errors)")).isEqualTo("[]");
    }

    /** What Firefox's page saw, for a failure message. */
    private String firefoxState() {
        try {
            return firefox.eval("(async () => { const pc = window.huddle.state.pc; const out = {stats: window.huddleStats, "
                    + "conn: pc && pc.connectionState, ice: pc && pc.iceConnectionState, rtp: []}; if (pc) { (await pc.getStats())"
                    + ".forEach(r => { if (/rtp|candidate-pair|transport/.test(r.type)) { out.rtp.push(r); } }); "
                    + "out.local = pc.localDescription && pc.localDescription.sdp; out.remote = pc.remoteDescription && pc.remoteDescription.sdp; } "
                    + "out.join = window.huddle.state.joinMessage && window.huddle.state.joinMessage.sdp; return JSON.stringify(out); })()");
        } catch (RuntimeException e) {
            return "(Firefox unreadable: " + e + ")";
        }
    }

    private void await(String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + java.time.Duration.ofSeconds(40).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what + "; Firefox: " + firefoxState());
            }
            Thread.sleep(250);
        }
    }
}
