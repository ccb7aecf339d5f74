package io.prochat.rtc.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prochat.rtc.gateway.MutableClock;
import io.prochat.rtc.gateway.TestGateway;
import io.prochat.rtc.gateway.config.RoutingMode;
import io.prochat.rtc.testing.HeadlessChromium;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chromium.ChromiumDriver;

/**
 * The join page as a person sees it, in real headless Chromium at a desktop size (1280 × 800) and a phone size
 * (390 × 844): screenshots are taken (kept in {@code target/screenshots}) and checked for what should be on them —
 * the call's title, a playing camera preview and device pickers before joining; in the call a self-view that plays,
 * a grid that fills the window, the count of people, the time in call, mute markers, a screen share shown large
 * with the cameras in a strip; and the notices for an expired, a forged and an ended link, in words.
 */
class HuddlePageLookTest {
    static final Path SHOTS = Path.of(System.getProperty("basedir", "."), "target", "screenshots");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TITLE = "Design review: onboarding flow";

    /** Where the element is, whether it is shown, and whether its text fits (for the checks below). */
    private static final String BOX = """
            const el = typeof arguments[0] === 'string' ? document.querySelector(arguments[0]) : arguments[0];
            if (!el) { return JSON.stringify(null); }
            const r = el.getBoundingClientRect();
            const cs = getComputedStyle(el);
            return JSON.stringify({x: r.x, y: r.y, w: r.width, h: r.height, text: el.textContent.trim(),
              shown: r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none',
              clipped: el.scrollWidth > el.clientWidth + 1, vw: innerWidth, vh: innerHeight,
              docW: document.documentElement.scrollWidth, docH: document.documentElement.scrollHeight});
            """;
    private static final String PLAYING = """
            const v = document.querySelector(arguments[0]);
            return !!v && v.readyState >= 2 && !v.paused && v.videoWidth > 0 ? v.currentTime : -1;
            """;

    /** Records anything the page's Content-Security-Policy refuses (an inline style or script would show here). */
    static final String CSP_WATCH = """
            window.cspViolations = [];
            document.addEventListener('securitypolicyviolation', function (e) {
              window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI);
            });
            """;

    @TempDir
    Path dir;
    private TestGateway gw;
    private io.prochat.rtc.gateway.ChatGateway chat;
    private HeadlessChromium chromium;

    @BeforeEach
    void start() throws IOException {
        Assumptions.assumeTrue(HeadlessChromium.isAvailable(), "needs /usr/bin/chromium and /usr/bin/chromedriver");
        Files.createDirectories(SHOTS);
    }

    private void browser() {
        chromium = HeadlessChromium.start(List.of("--disable-background-timer-throttling",
                "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
                "--auto-select-desktop-capture-source=Entire screen"));
    }

    @AfterEach
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (gw != null) {
            gw.close();
        }
        if (chat != null) {
            chat.close();
        }
    }

    private static String link(io.prochat.rtc.gateway.ApiClient api, String callId, String user, String name) {
        return api.post("/api/v1/calls/" + callId + "/participants",
                "{\"userId\":\"" + user + "\",\"name\":\"" + name + "\"}").json().get("joinUrl").asText();
    }

    @Test
    void preJoinThenThreePeopleAtDesktopAndPhoneSizesThenAScreenShare() throws Exception {
        chat = io.prochat.rtc.gateway.ChatGateway.startWithHuddles(dir);
        var api = chat.api;
        browser();
        String call = api.post("/api/v1/calls", "{\"title\":\"" + TITLE + "\",\"kind\":\"huddle\",\"channelId\":\""
                + chat.mm.channel.id() + "\",\"createdBy\":{\"userId\":\"ann\",\"name\":\"Ann Lee\"}}").json()
                .get("id").asText();

        // the pre-join screen: title, whom the link names, a playing preview, device pickers, Join in view
        HuddlePage ann = HuddlePage.openAtPreJoin(chromium, link(api, call, "ann", "Ann Lee"), "ann", true, CSP_WATCH);
        viewport(ann, 1280, 800, false);
        ann.await("the preview to play", () -> playing(ann, "#preview") > 0);
        ann.await("the device pickers", () -> ((Number) ann.run(
                "return document.querySelectorAll('#mic-select option[value]:not([value=\"\"]), "
                        + "#cam-select option[value]:not([value=\"\"])').length")).intValue() >= 2);
        assertThat(box(ann, "#pj-title").path("text").asText()).isEqualTo(TITLE);
        assertThat(box(ann, "#pj-name").path("text").asText()).isEqualTo("Ann Lee");
        assertThat(box(ann, "#pj-count").path("text").asText()).contains("Nobody is in the call yet");
        assertThat(box(ann, "#pj-channel").path("text").asText()).as("the channel, from Mattermost").isEqualTo("Town Square");
        assertThat(ann.run("return document.title")).isEqualTo(TITLE + " · Huddle");
        inView(box(ann, "#join"), "the Join button");
        inView(box(ann, "#preview"), "the preview");
        assertThat(box(ann, "#preview").path("w").asDouble()).as("a large preview").isGreaterThan(600);
        BufferedImage prejoin = screenshot(ann, "prejoin-desktop");
        assertPainted(prejoin, box(ann, "#preview"), "the camera preview");

        viewport(ann, 390, 844, true);
        noSideways(ann);
        inView(box(ann, "#preview"), "the preview on a phone");
        inView(box(ann, "#pj-title"), "the title on a phone");
        screenshot(ann, "prejoin-phone");

        // Ann joins muted with the keyboard-free checkbox; Bob and Cid join from their own windows
        viewport(ann, 1280, 800, false);
        ann.run("document.getElementById('join-muted').click()");
        ann.join();
        HuddlePage bob = HuddlePage.open(chromium, link(api, call, "bob", "Bob Marsh"), "bob", false);
        HuddlePage cid = HuddlePage.open(chromium, link(api, call, "cid", "Cid Okafor"), "cid", false);
        ann.await("three tiles at Ann, all playing", () -> ((Number) ann.run(
                "return [...document.querySelectorAll('#tiles .tile video')].filter(v => v.readyState >= 2 "
                        + "&& !v.paused && v.videoWidth > 0).length")).intValue() == 3);
        ann.await("the count to say 3", () -> box(ann, "#count").path("text").asText().equals("3"));

        // Ann's mute shows on her tile at Bob (the roster carries it); M unmutes her, from the keyboard
        String annAtBob = "#tile-" + ann.sessionId();
        bob.await("Ann's tile at Bob marked muted", () -> Boolean.TRUE.equals(bob.run(
                "const t = document.querySelector('" + annAtBob + "'); return !!t && t.classList.contains('muted')")));
        desktopChecks(ann);
        BufferedImage desktop = screenshot(ann, "call-desktop");
        assertPainted(desktop, box(ann, "#tile-self video"), "the self-view");
        for (JsonNode tile : boxes(ann, "#tiles .tile video")) {
            assertPainted(desktop, tile, "a camera tile");
        }

        press(ann, "m");
        ann.await("M to unmute", () -> "false".equals(ann.run(
                "return document.getElementById('mute').getAttribute('aria-pressed')")));
        bob.await("Ann's tile at Bob unmarked", () -> Boolean.FALSE.equals(bob.run(
                "const t = document.querySelector('" + annAtBob + "'); return !!t && t.classList.contains('muted')")));
        press(ann, "v");
        ann.await("V to turn the camera off", () -> Boolean.TRUE.equals(ann.run(
                "return document.getElementById('tile-self').classList.contains('off')")));
        press(ann, "v");
        ann.await("V to turn it on again", () -> playing(ann, "#tile-self video") > 0);

        // the participant list, opened as a person would
        ann.run("document.getElementById('people-toggle').click()");
        assertThat(box(ann, "#people-title").path("text").asText()).isEqualTo("In the call (3)");
        assertThat(box(ann, "#people-list").path("text").asText()).contains("Ann Lee (you)", "Bob Marsh", "Cid Okafor");
        screenshot(ann, "call-desktop-people");
        ann.run("document.getElementById('people-toggle').click()");

        viewport(ann, 390, 844, true);
        ann.await("the phone grid", () -> {
            JsonNode self = box(ann, "#tile-self");
            return self.path("x").asDouble() + self.path("w").asDouble() <= 390 && self.path("w").asDouble() > 150;
        });
        phoneChecks(ann);
        screenshot(ann, "call-phone");

        // Bob shares his screen: at Ann it is the large tile, the cameras a strip under it
        bob.run("window.huddle.screen(true)");
        viewport(ann, 1280, 800, false);
        ann.await("Bob's screen in the spotlight, playing", () -> playing(ann, "#spotlight .tile video") > 0);
        JsonNode spot = box(ann, "#spotlight .tile");
        JsonNode stage = box(ann, "#stage");
        assertThat(spot.path("w").asDouble() * spot.path("h").asDouble())
                .as("the screen takes most of the stage").isGreaterThan(0.6 * stage.path("w").asDouble() * stage.path("h").asDouble());
        assertThat(box(ann, "#spotlight .tile .who").path("text").asText()).isEqualTo("Bob Marsh is presenting");
        List<JsonNode> strip = boxes(ann, "#tiles .tile");
        assertThat(strip).hasSize(3);
        for (JsonNode t : strip) {
            assertThat(t.path("h").asDouble()).as("a camera in the strip").isLessThan(spot.path("h").asDouble() / 3);
            assertThat(t.path("y").asDouble()).as("under the screen").isGreaterThan(spot.path("y").asDouble() + spot.path("h").asDouble() - 1);
        }
        BufferedImage shared = screenshot(ann, "screenshare-desktop");
        assertPainted(shared, spot, "the shared screen");
        viewport(ann, 390, 844, true);
        phoneChecks(ann);
        screenshot(ann, "screenshare-phone");

        // media still flows both ways after all of it
        String b = bob.sessionId();
        long seen = ann.received(b, "video");
        ann.await("Bob's camera keeps coming", () -> ann.received(b, "video") > seen + 10);
        assertThat(ann.stats().path("errors")).isEmpty();
        assertThat(ann.run("return JSON.stringify(window.cspViolations)")).as("nothing the page does is refused by its CSP")
                .isEqualTo("[]");
    }

    @Test
    void expiredForgedFullAndEndedSayWhatHappenedAndWhatToDo() throws Exception {
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        var base = TestGateway.config(dir, RoutingMode.HYBRID, List.of(TestGateway.API_KEY), 65536);
        var rtc = base.rtc();
        // calls of one person at most, for "the call is full"
        var config = new io.prochat.rtc.gateway.config.GatewayConfig(base.http(), new io.prochat.rtc.gateway.config.RtcConfig(
                rtc.iceHostOverride(), rtc.icePortUdp(), rtc.icePortTcp(), rtc.iceServers(), 1, rtc.enableEcho(),
                rtc.maxServerParticipants()), base.logger(), base.store(), new io.prochat.rtc.gateway.config.GatewaySettings(
                base.gateway().mode(), 1, base.gateway().apiKeys(), base.gateway().publicUrl(),
                base.gateway().endEmptyCallsAfterMinutes(), base.gateway().endUnusedCallsAfterHours()),
                base.jitsi(), base.mattermost());
        gw = TestGateway.start(config, TestGateway.API_KEY, true, clock);
        browser();
        String call = gw.api.post("/api/v1/calls", "{\"title\":\"" + TITLE + "\",\"kind\":\"huddle\","
                + "\"createdBy\":{\"userId\":\"ann\",\"name\":\"Ann Lee\"}}").json().get("id").asText();
        String url = link(gw.api, call, "ann", "Ann Lee");

        HuddlePage forged = HuddlePage.openAtPreJoin(chromium, url.substring(0, url.length() - 3) + "AAA", "forged", true, null);
        viewport(forged, 390, 844, true);
        forged.await("the invalid-link notice", () -> box(forged, "#notice-title").path("shown").asBoolean());
        assertThat(box(forged, "#notice-title").path("text").asText()).isEqualTo("This link is not valid");
        assertThat(box(forged, "#notice-text").path("text").asText()).contains("Ask for a new one in the channel");
        assertThat(box(forged, "#join").path("shown").asBoolean()).isFalse();

        clock.advance(JoinTokens.VALIDITY);
        HuddlePage expired = HuddlePage.openAtPreJoin(chromium, url, "expired", false, null);
        viewport(expired, 390, 844, true);
        expired.await("the expired-link notice", () -> box(expired, "#notice-title").path("shown").asBoolean());
        assertThat(box(expired, "#notice-title").path("text").asText()).isEqualTo("This link has expired");
        assertThat(box(expired, "#notice-text").path("text").asText()).contains("Ask for a new one in the channel");
        inView(box(expired, "#notice-title"), "the notice on a phone");
        screenshot(expired, "expired-phone");

        // a full call: the pre-join screen says so, and Join shows why it did not work
        String small = gw.api.post("/api/v1/calls", "{\"title\":\"One to one\",\"kind\":\"huddle\","
                + "\"createdBy\":{\"userId\":\"ann\",\"name\":\"Ann Lee\"}}").json().get("id").asText();
        HuddlePage first = HuddlePage.open(chromium, link(gw.api, small, "ann", "Ann Lee"), "ann", false);
        first.await("Ann in the call", () -> first.sessionId() != null);
        HuddlePage second = HuddlePage.openAtPreJoin(chromium, link(gw.api, small, "bob", "Bob Marsh"), "bob", false, null);
        viewport(second, 1280, 800, false);
        second.await("the pre-join screen", () -> !box(second, "#join").path("text").asText().isEmpty()
                && box(second, "#pj-count").path("text").asText().contains("full"));
        assertThat(box(second, "#pj-count").path("text").asText()).isEqualTo(
                "The call is full (1 of 1). You can try when someone leaves.");
        second.join();
        second.await("the full notice", () -> box(second, "#notice-title").path("shown").asBoolean());
        assertThat(box(second, "#notice-title").path("text").asText()).isEqualTo("The call is full");
        assertThat(box(second, "#notice-text").path("text").asText()).contains("Try again when someone leaves");
        assertThat(box(second, "#notice-call").path("text").asText()).isEqualTo("One to one");
        assertThat(box(second, "#rejoin").path("shown").asBoolean()).as("a way to try again").isTrue();
        screenshot(second, "full-desktop");

        String fresh = link(gw.api, call, "ann", "Ann Lee");
        assertThat(gw.api.delete("/api/v1/calls/" + call).status()).isEqualTo(200);
        HuddlePage ended = HuddlePage.openAtPreJoin(chromium, fresh, "ended", false, null);
        viewport(ended, 1280, 800, false);
        ended.await("the ended notice", () -> box(ended, "#notice-title").path("shown").asBoolean());
        assertThat(box(ended, "#notice-title").path("text").asText()).isEqualTo("This call has ended");
        screenshot(ended, "ended-desktop");
    }

    // ---- what a person would check by looking ------------------------------------------------------------------

    private void desktopChecks(HuddlePage p) {
        noSideways(p);
        JsonNode title = box(p, "#title");
        assertThat(title.path("text").asText()).isEqualTo(TITLE);
        assertThat(title.path("clipped").asBoolean()).as("the title fits").isFalse();
        assertThat(box(p, "#channel").path("text").asText()).isEqualTo("Town Square");
        inView(title, "the title");
        assertThat(box(p, "#elapsed").path("text").asText()).matches("\\d\\d:\\d\\d");
        assertThat(p.run("return document.title")).isEqualTo(TITLE + " · Huddle");
        assertThat(playing(p, "#tile-self video")).as("the self-view plays").isPositive();
        assertThat(box(p, "#tile-self .who").path("text").asText()).isEqualTo("Ann Lee (you)");
        gridFills(p);
        for (String control : List.of("#mute", "#camera", "#screen", "#leave")) {
            inView(box(p, control), control);
        }
    }

    private void phoneChecks(HuddlePage p) {
        noSideways(p);
        inView(box(p, "#title"), "the title on a phone");
        for (String control : List.of("#mute", "#camera", "#screen", "#leave")) {
            inView(box(p, control), control + " on a phone");
        }
        // every tile in view; while a screen is shared the cameras' strip scrolls sideways, within the window
        boolean sharing = Boolean.TRUE.equals(p.run("return document.getElementById('stage').classList.contains('sharing')"));
        for (JsonNode t : boxes(p, sharing ? "#spotlight .tile" : ".tile")) {
            inView(t, "a tile on a phone");
        }
        inView(box(p, "#tiles"), "the tiles on a phone");
        assertThat(playing(p, "#tile-self video")).as("the self-view plays on a phone").isPositive();
        assertThat(box(p, "#count").path("text").asText()).isEqualTo("3");
    }

    /** The tiles cover most of the stage (the space between the header and the controls), and the stage most of the window. */
    private void gridFills(HuddlePage p) {
        JsonNode stage = box(p, "#stage");
        double area = 0;
        for (JsonNode t : boxes(p, "#tiles .tile")) {
            area += t.path("w").asDouble() * t.path("h").asDouble();
            inView(t, "a tile");
        }
        double stageArea = stage.path("w").asDouble() * stage.path("h").asDouble();
        assertThat(area).as("tiles fill the stage").isGreaterThan(0.5 * stageArea);
        assertThat(stageArea).as("the stage fills the window")
                .isGreaterThan(0.7 * stage.path("vw").asDouble() * stage.path("vh").asDouble());
    }

    private static void noSideways(HuddlePage p) {
        JsonNode body = box(p, "body");
        assertThat(body.path("docW").asDouble()).as("no sideways scrolling").isLessThanOrEqualTo(body.path("vw").asDouble());
    }

    private static void inView(JsonNode box, String what) {
        assertThat(box.isNull()).as(what + " exists").isFalse();
        assertThat(box.path("shown").asBoolean()).as(what + " shown").isTrue();
        assertThat(box.path("x").asDouble()).as(what + " left edge").isGreaterThanOrEqualTo(-0.5);
        assertThat(box.path("y").asDouble()).as(what + " top edge").isGreaterThanOrEqualTo(-0.5);
        assertThat(box.path("x").asDouble() + box.path("w").asDouble()).as(what + " right edge")
                .isLessThanOrEqualTo(box.path("vw").asDouble() + 0.5);
        assertThat(box.path("y").asDouble() + box.path("h").asDouble()).as(what + " bottom edge")
                .isLessThanOrEqualTo(box.path("vh").asDouble() + 0.5);
    }

    /** The screenshot shows a picture there, not a flat box: its pixels vary (Chromium's fake camera draws a scene). */
    private static void assertPainted(BufferedImage shot, JsonNode box, String what) {
        int x0 = (int) Math.max(0, box.path("x").asDouble()) + 4;
        int y0 = (int) Math.max(0, box.path("y").asDouble()) + 4;
        int x1 = (int) Math.min(shot.getWidth(), box.path("x").asDouble() + box.path("w").asDouble()) - 4;
        int y1 = (int) Math.min(shot.getHeight(), box.path("y").asDouble() + box.path("h").asDouble()) - 4;
        assertThat(x1 - x0).as(what + " has a size").isGreaterThan(20);
        assertThat(y1 - y0).as(what + " has a size").isGreaterThan(20);
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = y0; y < y1; y += 3) {
            for (int x = x0; x < x1; x += 3) {
                colours.add(shot.getRGB(x, y) & 0xF0F0F0);
            }
        }
        assertThat(colours.size()).as(what + " shows a picture (distinct colours)").isGreaterThan(8);
    }

    /** A key pressed in {@code p}'s window, to whatever has the focus there, as from a keyboard. */
    private void press(HuddlePage p, String key) {
        chromium.driver().switchTo().window(p.window());
        new Actions(chromium.driver()).sendKeys(key).perform();
    }

    private static double playing(HuddlePage p, String selector) {
        return ((Number) p.run(PLAYING, selector)).doubleValue();
    }

    private static JsonNode box(HuddlePage p, String selector) {
        return parse(String.valueOf(p.run(BOX, selector)));
    }

    private static List<JsonNode> boxes(HuddlePage p, String selector) {
        List<JsonNode> out = new java.util.ArrayList<>();
        Number n = (Number) p.run("return document.querySelectorAll(arguments[0]).length", selector);
        for (int i = 0; i < n.intValue(); i++) {
            out.add(parse(String.valueOf(p.run(BOX.replace("const el = typeof arguments[0] === 'string' ? "
                    + "document.querySelector(arguments[0]) : arguments[0];",
                    "const el = document.querySelectorAll(arguments[0])[arguments[1]];"), selector, i))));
        }
        return out;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The window's viewport as that size (a phone: touch, mobile layout), as Chromium's device emulation does. */
    private void viewport(HuddlePage p, int width, int height, boolean phone) {
        p.run("return 1"); // selects p's window
        ((ChromiumDriver) chromium.driver()).executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", width, "height", height, "deviceScaleFactor", 1, "mobile", phone));
        p.await("the viewport at " + width + "×" + height, () -> {
            JsonNode b = box(p, "body");
            return b.path("vw").asInt() == width && b.path("vh").asInt() == height;
        });
        p.run("window.dispatchEvent(new Event('resize'))");
    }

    private BufferedImage screenshot(HuddlePage p, String name) throws IOException {
        p.run("return 1");
        byte[] png = ((TakesScreenshot) chromium.driver()).getScreenshotAs(OutputType.BYTES);
        Files.write(SHOTS.resolve(name + ".png"), png);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        JsonNode body = box(p, "body");
        assertThat(image.getWidth()).as(name + " width").isEqualTo(body.path("vw").asInt());
        return image;
    }
}
