package io.prochat.rtc.sfu.room;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shape of a join offer as Chromium 14x writes it for the huddle page (captured, then trimmed to the codecs
 * that matter): mic, camera, screen and screen audio as four send-only transceivers, each with its SSRC.
 */
final class JoinOffers {
    static final Map<String, String> TRACKS = Map.of("0", "mic", "1", "camera", "2", "screen", "3", "screen-audio");

    private JoinOffers() {
    }

    /** {@code base} makes the SSRCs of this client distinct: base+1 mic, +2 camera (+20 its RTX), +3, +4. */
    static String chromium(long base) {
        return offer(base, "0SIL", "s1KnN5OfMS0xuk6iQAyYIUth", FINGERPRINT, List.of());
    }

    static final String FINGERPRINT = "F0:A1:73:30:09:C9:F9:20:2D:53:66:A5:D0:7D:46:DD:8E:72:F1:E7:0E:40:BA:B1:A3:F4"
            + ":DF:EF:CA:89:D0:DC";

    /** As {@link #chromium}, with the screen as two simulcast layers {@code l} and {@code h} (no SSRC lines). */
    static String chromiumSimulcastScreen(long base) {
        return simulcastScreen(chromium(base));
    }

    /** The screen (mid 2) of a {@link #offer}-shaped offer as two simulcast layers {@code l} and {@code h}. */
    static String simulcastScreen(String sdp) {
        int screen = sdp.indexOf("a=mid:2\r\n");
        int end = sdp.indexOf("m=audio", screen);
        String section = sdp.substring(screen, end)
                .replaceAll("a=ssrc-group:FID [0-9 ]+\r\n", "")
                .replaceAll("a=ssrc:[^\r]+\r\n", "")
                .replace("a=rtcp-mux\r\n", "a=rtcp-mux\r\na=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id\r\n")
                .replace("a=rtpmap:98 VP9/90000\r\n",
                        "a=rtpmap:98 VP9/90000\r\na=rid:l send\r\na=rid:h send\r\na=simulcast:send l;h\r\n");
        return sdp.substring(0, screen) + section + sdp.substring(end);
    }

    /**
     * A Chromium offer renumbered the way Firefox numbers things: Opus 109, VP8 120 with RTX 124, VP9 121, and the
     * audio level, abs-send-time, mid and rid extensions at 3, 5, 6 and 8 (transport-cc moves to 9).
     */
    static String firefoxNumbered(String chromiumOffer) {
        return chromiumOffer
                .replace(" 111 63 0\r\n", " 109 63 0\r\n").replace(":111 ", ":109 ").replace("111/111", "109/109")
                .replace(" 96 97 98\r\n", " 120 124 121\r\n").replace(":96 ", ":120 ").replace(":97 ", ":124 ")
                .replace("apt=96", "apt=120").replace(":98 ", ":121 ")
                .replace("a=extmap:3 http://www.ietf.org/id/draft-holmer", "a=extmap:9 http://www.ietf.org/id/draft-holmer")
                .replace("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                        "a=extmap:3 urn:ietf:params:rtp-hdrext:ssrc-audio-level")
                .replace("a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                        "a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time")
                .replace("a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid", "a=extmap:6 urn:ietf:params:rtp-hdrext:sdes:mid")
                .replace("a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id",
                        "a=extmap:8 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id");
    }

    /**
     * Firefox's shape on top of its numbering: no abs-send-time on audio (Firefox has it on video only), and the
     * video sections of its max-bundle offer {@code a=bundle-only} with port 0 (RFC 8843 §7.2.1).
     */
    static String firefoxShaped(String chromiumOffer) {
        String[] sections = firefoxNumbered(chromiumOffer).split("\r\nm=", -1);
        for (int i = 1; i < sections.length; i++) {
            if (sections[i].startsWith("audio ")) {
                sections[i] = sections[i].replaceAll("\r\na=extmap:\\d+ http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", "");
            } else if (sections[i].startsWith("video 9 ")) {
                sections[i] = "video 0 " + sections[i].substring("video 9 ".length())
                        .replaceFirst("\r\na=mid:(\\w+)", "\r\na=mid:$1\r\na=bundle-only");
            }
        }
        return String.join("\r\nm=", sections);
    }

    /** The same shape with a real peer's credentials, fingerprint and candidate lines ("candidate:..."). */
    static String offer(long base, String ufrag, String pwd, String fingerprint, List<String> candidates) {
        List<String> l = new ArrayList<>(List.of("v=0", "o=- 208259622880638168 2 IN IP4 127.0.0.1", "s=-", "t=0 0",
                "a=group:BUNDLE 0 1 2 3", "a=extmap-allow-mixed", "a=msid-semantic: WMS s" + base));
        int start = l.size();
        audio(l, "0", base + 1);
        video(l, "1", base + 2, base + 20);
        video(l, "2", base + 3, base + 30);
        audio(l, "3", base + 4);
        for (int i = start; i < l.size(); i++) {
            String line = l.get(i);
            if (line.startsWith("a=ice-ufrag:")) {
                l.set(i, "a=ice-ufrag:" + ufrag);
            } else if (line.startsWith("a=ice-pwd:")) {
                l.set(i, "a=ice-pwd:" + pwd);
            } else if (line.startsWith("a=fingerprint:")) {
                l.set(i, "a=fingerprint:sha-256 " + fingerprint);
            } else if (line.equals("a=mid:0")) {
                l.addAll(i + 1, candidates.stream().map(c -> "a=" + c).toList());
            }
        }
        return String.join("\r\n", l) + "\r\n";
    }

    static void common(List<String> l, String mid) {
        l.addAll(List.of("c=IN IP4 0.0.0.0", "a=rtcp:9 IN IP4 0.0.0.0", "a=ice-ufrag:0SIL",
                "a=ice-pwd:s1KnN5OfMS0xuk6iQAyYIUth", "a=ice-options:trickle",
                "a=fingerprint:sha-256 " + FINGERPRINT,
                "a=setup:actpass", "a=mid:" + mid));
    }

    static void audio(List<String> l, String mid, long ssrc) {
        l.add("m=audio 9 UDP/TLS/RTP/SAVPF 111 63 0");
        common(l, mid);
        l.addAll(List.of("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid", "a=sendonly", "a=msid:- t" + ssrc, "a=rtcp-mux",
                "a=rtcp-rsize", "a=rtpmap:111 opus/48000/2", "a=rtcp-fb:111 transport-cc",
                "a=fmtp:111 minptime=10;useinbandfec=1", "a=rtpmap:63 red/48000/2", "a=fmtp:63 111/111",
                "a=rtpmap:0 PCMU/8000", "a=ssrc:" + ssrc + " cname:c", "a=ssrc:" + ssrc + " msid:- t" + ssrc));
    }

    static void video(List<String> l, String mid, long ssrc, long rtx) {
        l.add("m=video 9 UDP/TLS/RTP/SAVPF 96 97 98");
        common(l, mid);
        l.addAll(List.of("a=extmap:14 urn:ietf:params:rtp-hdrext:toffset",
                "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
                "a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", "a=sendonly", "a=msid:- t" + ssrc,
                "a=rtcp-mux", "a=rtcp-rsize", "a=rtpmap:96 VP8/90000", "a=rtcp-fb:96 goog-remb",
                "a=rtcp-fb:96 transport-cc", "a=rtcp-fb:96 ccm fir", "a=rtcp-fb:96 nack", "a=rtcp-fb:96 nack pli",
                "a=rtpmap:97 rtx/90000", "a=fmtp:97 apt=96", "a=rtpmap:98 VP9/90000",
                "a=ssrc-group:FID " + ssrc + " " + rtx, "a=ssrc:" + ssrc + " cname:c", "a=ssrc:" + rtx + " cname:c"));
    }
}
