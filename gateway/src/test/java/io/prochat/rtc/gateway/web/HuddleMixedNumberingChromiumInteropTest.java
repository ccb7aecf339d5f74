package io.prochat.rtc.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.prochat.rtc.gateway.TestGateway;
import io.prochat.rtc.testing.HeadlessChromium;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two people in a huddle whose browsers number codecs and header extensions differently, as Firefox and Chromium
 * do: one page's offers are rewritten before Chromium applies them (Opus and VP8 and their RTX on other payload
 * types, every extension on another id), so that client sends and expects its own numbering from then on. Each
 * still decodes the other's camera and receives the other's microphone through the SFU, which renumbers on the way.
 */
class HuddleMixedNumberingChromiumInteropTest {
    private static final Duration MEDIA = Duration.ofSeconds(40);

    /**
     * Wraps createOffer so the local description and everything after it use another numbering: in audio sections
     * Opus 111 and RED 63 swap, in video sections VP8 96 and VP9 98 swap, and their RTX 97 and 99; extension ids
     * are permuted across the session.
     */
    static final String RENUMBER = """
            (function () {
              const ids = {1: 5, 5: 1, 2: 7, 7: 2, 3: 8, 8: 3, 4: 12, 12: 4, 10: 13, 13: 10, 11: 6, 6: 11};
              function swapper(pairs) { return function (n) { return String(pairs[n] !== undefined ? pairs[n] : n); }; }
              const audio = swapper({111: 63, 63: 111});
              const video = swapper({96: 98, 98: 96, 97: 99, 99: 97});
              function renumber(sdp) {
                let swap = null;
                return sdp.split('\\r\\n').map(function (l) {
                  let m;
                  if ((m = /^m=(audio|video) (\\S+) (\\S+) (.*)$/.exec(l))) {
                    swap = m[1] === 'audio' ? audio : video;
                    return 'm=' + m[1] + ' ' + m[2] + ' ' + m[3] + ' ' + m[4].split(' ').map(swap).join(' ');
                  }
                  if ((m = /^a=extmap:(\\d+)(.*)$/.exec(l))) {
                    return 'a=extmap:' + (ids[m[1]] || m[1]) + m[2];
                  }
                  if (swap && (m = /^a=(rtpmap|fmtp|rtcp-fb):(\\d+)(.*)$/.exec(l))) {
                    let rest = m[3].replace(/apt=(\\d+)/, function (_, n) { return 'apt=' + swap(n); });
                    if (m[1] === 'fmtp') { rest = rest.replace(/^ (\\d+)\\/(\\d+)$/, function (_, a, b) { return ' ' + swap(a) + '/' + swap(b); }); }
                    return 'a=' + m[1] + ':' + swap(m[2]) + rest;
                  }
                  return l;
                }).join('\\r\\n');
              }
              const createOffer = RTCPeerConnection.prototype.createOffer;
              RTCPeerConnection.prototype.createOffer = async function () {
                const offer = await createOffer.apply(this, arguments);
                window.renumberedOffer = renumber(offer.sdp);
                return {type: 'offer', sdp: window.renumberedOffer};
              };
            })();
            """;

    @TempDir
    Path dir;
    private TestGateway gw;
    private HeadlessChromium chromium;

    @BeforeEach
    void start() {
        Assumptions.assumeTrue(HeadlessChromium.isAvailable(), "needs /usr/bin/chromium and /usr/bin/chromedriver");
        gw = TestGateway.startWithHuddles(dir);
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
    }

    private String link(String callId, String user) {
        return gw.api.post("/api/v1/calls/" + callId + "/participants",
                "{\"userId\":\"" + user + "\",\"name\":\"" + user + "\"}").json().get("joinUrl").asText();
    }

    @Test
    void clientsNumberingCodecsAndExtensionsDifferentlyDecodeEachOther() throws Exception {
        String call = gw.api.post("/api/v1/calls", """
                {"title":"mixed","kind":"huddle","createdBy":{"userId":"ann","name":"Ann"}}""").json()
                .get("id").asText();
        HuddlePage ann = HuddlePage.open(chromium, link(call, "ann"), "ann", true);
        HuddlePage fred = HuddlePage.open(chromium, link(call, "fred"), "fred", false, RENUMBER);
        await(() -> ann.sessionId() != null && fred.sessionId() != null, "two sessions", ann, fred);
        String offer = String.valueOf(fred.run("return window.renumberedOffer"));
        assertThat(offer).as("Fred's join offer uses the other numbering")
                .contains("a=rtpmap:63 opus/48000/2", "a=rtpmap:98 VP8/90000", "a=fmtp:99 apt=98")
                .contains("a=extmap:5 urn:ietf:params:rtp-hdrext:ssrc-audio-level");
        String a = ann.sessionId();
        String f = fred.sessionId();
        await(() -> ann.received(f, "video") > 10 && ann.received(f, "voice") > 10
                && fred.received(a, "video") > 10 && fred.received(a, "voice") > 10, "media both ways", ann, fred);
        long fredSeesAnn = fred.received(a, "video");
        Thread.sleep(2000);
        assertThat(fred.received(a, "video")).as("frames keep coming").isGreaterThan(fredSeesAnn + 10);
        System.out.println("mixed numbering: " + ann + " / " + fred);
    }

    private static void await(java.util.function.BooleanSupplier done, String what, HuddlePage... pages)
            throws InterruptedException {
        long end = System.nanoTime() + MEDIA.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what + "; the pages: " + List.of(pages));
            }
            Thread.sleep(250);
        }
    }
}
