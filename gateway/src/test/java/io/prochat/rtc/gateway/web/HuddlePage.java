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
        if (!first) {
            chromium.driver().switchTo().newWindow(WindowType.WINDOW);
        }
        if (initScript != null) {
            ((org.openqa.selenium.chromium.ChromiumDriver) chromium.driver()).executeCdpCommand(
                    "Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source", initScript));
        }
        chromium.open(joinUrl + "&loopback=1");
        return new HuddlePage(chromium, chromium.driver().getWindowHandle(), name);
    }

    public Object run(String script) {
        chromium.driver().switchTo().window(window);
        return chromium.eval(script);
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
