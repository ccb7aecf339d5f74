package io.prochat.rtc.gateway.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prochat.rtc.testing.HeadlessChromium;
import org.openqa.selenium.WindowType;

/** One participant's join page, in its own window of the shared headless Chromium (also used by the packaged-jar tests). */
public final class HuddlePage {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HeadlessChromium chromium;
    private final String window;
    public final String name;

    private HuddlePage(HeadlessChromium chromium, String window, String name) {
        this.chromium = chromium;
        this.window = window;
        this.name = name;
    }

    public static HuddlePage open(HeadlessChromium chromium, String joinUrl, String name, boolean first) {
        return open(chromium, joinUrl, name, first, null);
    }

    /** As above, with {@code initScript} run in the window before the page's own scripts (CDP), when not null. */
    public static HuddlePage open(HeadlessChromium chromium, String joinUrl, String name, boolean first, String initScript) {
        HuddlePage page = openAtPreJoin(chromium, joinUrl, name, first, initScript);
        page.join();
        return page;
    }

    /** Opens the link and stays on the pre-join screen (title, preview, device pickers, Join). */
    public static HuddlePage openAtPreJoin(HeadlessChromium chromium, String joinUrl, String name, boolean first,
                                           String initScript) {
        return openUrl(chromium, joinUrl + "&loopback=1", name, first, initScript);
    }

    /**
     * As {@link #open(HeadlessChromium, String, String, boolean, String)}, but with the page's ICE candidates as
     * {@code joinUrl} asks (the other openers keep only 127.0.0.1 ones): {@code initScript} may narrow them itself.
     */
    public static HuddlePage openAsLinked(HeadlessChromium chromium, String joinUrl, String name, boolean first,
                                          String initScript) {
        HuddlePage page = openUrl(chromium, joinUrl, name, first, initScript);
        page.join();
        return page;
    }

    private static HuddlePage openUrl(HeadlessChromium chromium, String url, String name, boolean first,
                                      String initScript) {
        if (!first) {
            chromium.driver().switchTo().newWindow(WindowType.WINDOW);
        }
        if (initScript != null) {
            ((org.openqa.selenium.chromium.ChromiumDriver) chromium.driver()).executeCdpCommand(
                    "Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source", initScript));
        }
        chromium.open(url);
        return new HuddlePage(chromium, chromium.driver().getWindowHandle(), name);
    }

    /** Clicks Join on the pre-join screen, as a person would, once it is ready (the camera preview asked for). */
    public void join() {
        await("the Join button", () -> Boolean.TRUE.equals(run(
                "const b = document.getElementById('join'); return !!b && !b.disabled && b.offsetParent !== null")));
        chromium.driver().switchTo().window(window);
        chromium.driver().findElement(org.openqa.selenium.By.id("join")).click();
    }

    /** Waits (up to 30 s) for {@code done}, polling; fails naming {@code what} and showing the page's stats. */
    public void await(String what, java.util.function.BooleanSupplier done) {
        long end = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what + " at " + this);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    public String window() {
        return window;
    }

    public Object run(String script, Object... args) {
        chromium.driver().switchTo().window(window);
        return chromium.eval(script, args);
    }

    public JsonNode stats() {
        try {
            return JSON.readTree(String.valueOf(run("return JSON.stringify(window.huddleStats)")));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String sessionId() {
        return stats().path("sessionId").asText(null);
    }

    /** Frames decoded (video, screen) or packets received (audio) of {@code type} from {@code from}; -1 if none. */
    public static long received(JsonNode stats, String from, String type) {
        long best = -1;
        for (JsonNode in : stats.path("inbound")) {
            if (in.path("from").asText().equals(from) && in.path("type").asText().equals(type)) {
                long v = in.path("kind").asText().equals("video") ? in.path("framesDecoded").asLong()
                        : in.path("packetsReceived").asLong();
                best = Math.max(best, v);
            }
        }
        return best;
    }

    public long received(String from, String type) {
        return received(stats(), from, type);
    }

    @Override
    public String toString() {
        return name + " " + stats();
    }
}
