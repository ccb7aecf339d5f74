package io.prochat.rtc.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prochat.rtc.gateway.ApiClient;
import io.prochat.rtc.gateway.TestGateway;
import io.prochat.rtc.gateway.config.GatewayConfig;
import io.prochat.rtc.gateway.config.HttpConfig;
import io.prochat.rtc.gateway.config.RoutingMode;
import io.prochat.rtc.testing.HeadlessChromium;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Media between Firefox and Chromium through the SFU, each on the real join page. Headless Firefox gathers no
 * loopback candidate, only its interfaces' addresses, so it runs in a network namespace of the test's own
 * ({@link TestNetns}) whose one interface is a veth pair to the host; the gateway's API and media listen on the host
 * end, so the SFU's one host candidate is there, and all traffic stays on this machine: Firefox's candidate is the
 * namespace address, Chromium (on the host) keeps only its 127.0.0.1 one. Firefox's join offer goes to the SFU as
 * Firefox wrote it (bundle-only sections with port 0, its own extension ids and payload types).
 */
class HuddleFirefoxMediaTest {
    private static final Duration MEDIA = Duration.ofSeconds(25);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestNetns ns;

    @TempDir
    Path dir;
    private TestGateway gw;
    private HeadlessFirefox firefox;
    private HeadlessChromium chromium;
    private HuddlePage chromiumPage;

    @BeforeAll
    static void namespace() {
        Assumptions.assumeTrue(HeadlessFirefox.isAvailableInNamespace() && HeadlessChromium.isAvailable(),
                "needs root, iproute2, socat, firefox-esr, chromium and chromedriver");
        ns = TestNetns.create();
    }

    @AfterAll
    static void removeNamespace() {
        if (ns != null) {
            ns.close();
        }
    }

    @BeforeEach
    void start() {
        GatewayConfig c = TestGateway.config(dir, RoutingMode.HYBRID, List.of(TestGateway.API_KEY), 65536);
        HttpConfig onVeth = new HttpConfig(ns.hostAddress(), c.http().serverPort(), false, 65536);
        gw = TestGateway.start(new GatewayConfig(onVeth, c.rtc(), c.logger(), c.store(), c.gateway(), c.jitsi(),
                c.mattermost()), TestGateway.API_KEY, true);
        chromium = HeadlessChromium.start(List.of("--disable-background-timer-throttling",
                "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
                // the page comes from the veth address over plain HTTP: let it have camera and microphone
                "--unsafely-treat-insecure-origin-as-secure=" + base()));
        firefox = HeadlessFirefox.start(ns);
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

    private String base() {
        return "http://" + ns.hostAddress() + ":" + gw.port();
    }

    /** A join link for {@code user}, on the veth address (both browsers reach the gateway there). */
    private String link(ApiClient api, String callId, String user) {
        URI u = URI.create(api.post("/api/v1/calls/" + callId + "/participants",
                "{\"userId\":\"" + user + "\",\"name\":\"" + user + "\"}").json().get("joinUrl").asText());
        return base() + u.getRawPath() + "?" + u.getRawQuery();
    }

    @Test
    void firefoxAndChromiumSendEachOtherCameraAndMicrophone() throws Exception {
        ApiClient api = new ApiClient(base(), TestGateway.API_KEY);
        String call = api.post("/api/v1/calls", """
                {"title":"mixed browsers","kind":"huddle","createdBy":{"userId":"cat","name":"Cat"}}""")
                .json().get("id").asText();
        chromiumPage = HuddlePage.openAsLinked(chromium, link(api, call, "cat"), "cat", true,
                onlyCandidatesOn(ns.hostAddress()));
        await("Chromium joined", () -> chromiumPage.sessionId() != null);

        firefox.open(link(api, call, "fox"));
        await("Firefox's Join enabled", () -> firefox.eval(
                "String(!!document.getElementById('join') && !document.getElementById('join').disabled)")
                .equals("true"));
        firefox.click("#join");
        await("Firefox joined", () -> !firefoxStats().path("sessionId").asText("").isEmpty());
        String fox = firefoxStats().path("sessionId").asText();
        String cat = chromiumPage.sessionId();

        // Chromium decodes Firefox's camera and receives its microphone; Firefox decodes Chromium's and receives its
        // microphone, and both keep coming
        await("media both ways", () -> chromiumPage.received(fox, "video") > 10
                && chromiumPage.received(fox, "voice") > 10
                && HuddlePage.received(firefoxStats(), cat, "video") > 10
                && HuddlePage.received(firefoxStats(), cat, "voice") > 10);
        long foxSeesCat = HuddlePage.received(firefoxStats(), cat, "video");
        long catSeesFox = chromiumPage.received(fox, "video");
        await("frames keep coming", () -> HuddlePage.received(firefoxStats(), cat, "video") > foxSeesCat + 10
                && chromiumPage.received(fox, "video") > catSeesFox + 10);
        assertThat(firefoxStats().path("errors")).as("Firefox page errors").isEmpty();
        assertThat(chromiumPage.stats().path("errors")).as("Chromium page errors").isEmpty();
        // Firefox's media went over its namespace address: the selected pair's local candidate is there
        assertThat(firefox.eval("(async () => { let a = ''; (await window.huddle.state.pc.getStats()).forEach(r => {"
                + " if (r.type === 'local-candidate') { a += r.address + ' '; } }); return a; })()"))
                .contains(ns.nsAddress());
    }

    /**
     * Hides every ICE candidate of the page's peer connection but those on {@code address} (in its trickled
     * candidates and in its local description), so the SFU talks to this Chromium only there: the page's own
     * loopback=1 keeps only 127.0.0.1, which cannot pair with the SFU's candidate on the veth address.
     */
    static String onlyCandidatesOn(String address) {
        return """
                (function () {
                  const keep = ' %s ';
                  const proto = RTCPeerConnection.prototype;
                  const handler = Object.getOwnPropertyDescriptor(proto, 'onicecandidate');
                  Object.defineProperty(proto, 'onicecandidate', {configurable: true, get: handler.get,
                    set: function (h) {
                      handler.set.call(this, h && function (e) {
                        if (e.candidate && e.candidate.candidate && e.candidate.candidate.indexOf(keep) < 0) { return; }
                        return h.call(this, e);
                      });
                    }});
                  const local = Object.getOwnPropertyDescriptor(proto, 'localDescription');
                  Object.defineProperty(proto, 'localDescription', {configurable: true, get: function () {
                    const d = local.get.call(this);
                    return d && {type: d.type, sdp: d.sdp.split('\r\n').filter(function (l) {
                      return l.indexOf('a=candidate:') !== 0 || l.indexOf(keep) >= 0;
                    }).join('\r\n')};
                  }});
                })();
                """.formatted(address);
    }

    private JsonNode firefoxStats() {
        try {
            return JSON.readTree(firefox.eval("JSON.stringify(window.huddleStats || {})"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void await(String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + MEDIA.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what + "; Firefox " + firefoxStats()
                        + "; Chromium " + (chromiumPage == null ? "-" : chromiumPage.stats())
                        + "; gateway:\n" + gw.console());
            }
            Thread.sleep(250);
        }
    }
}
