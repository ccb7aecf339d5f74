package io.prochat.rtc.sfu.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each kind of malformed line gives an SdpParseException that names the line. */
class SdpParseErrorTest {
    private static final String OFFER = SdpResources.text(SdpResources.CHROMIUM);

    static Stream<Arguments> badLines() {
        return Stream.of(
                Arguments.of("v=0", "v=1", "unsupported SDP version"),
                Arguments.of("m=audio ", "m=audio x UDP/TLS/RTP/SAVPF 111", "bad m= port"),
                Arguments.of("m=audio ", "m=audio 70000 UDP/TLS/RTP/SAVPF 111", "m= port 70000 out of range"),
                Arguments.of("m=video ", "m=video 9 UDP/TLS/RTP/SAVPF 96 vp8", "bad payload type \"vp8\""),
                Arguments.of("m=video ", "m=video 9 UDP/TLS/RTP/SAVPF", "m= needs"),
                Arguments.of("m=video ", "m=video 9  UDP/TLS/RTP/SAVPF 96", "stray space"),
                Arguments.of("a=rtpmap:111 ", "a=rtpmap:abc", "rtpmap needs"),
                Arguments.of("a=rtpmap:111 ", "a=rtpmap:abc opus/48000/2", "bad payload type \"abc\""),
                Arguments.of("a=rtpmap:111 ", "a=rtpmap:111 opus", "bad rtpmap encoding"),
                Arguments.of("a=rtpmap:111 ", "a=rtpmap:128 opus/48000/2", "payload type 128 out of range"),
                Arguments.of("a=fmtp:111 ", "a=fmtp:x minptime=10", "bad payload type"),
                Arguments.of("a=rtcp-fb:111 ", "a=rtcp-fb:111", "rtcp-fb needs"),
                Arguments.of("a=fingerprint:", "a=fingerprint:sha-256 A5:4D:CA:18", "sha-256 fingerprint has 4 bytes"),
                Arguments.of("a=fingerprint:", "a=fingerprint:sha-256 A5:4D:CA:1", "not colon-separated hex"),
                Arguments.of("a=fingerprint:", "a=fingerprint:sha-256", "fingerprint needs"),
                Arguments.of("a=setup:", "a=setup:sideways", "unknown setup role"),
                Arguments.of("a=candidate:2873461551", "a=candidate:1 1 udp 2122260223 10.0.0.1", "candidate needs"),
                Arguments.of("a=candidate:2873461551", "a=candidate:1 1 udp 1 10.0.0.1 99999 typ host", "candidate port"),
                Arguments.of("a=candidate:2873461551", "a=candidate:1 1 udp 1 10.0.0.1 5 typ bogus", "unknown candidate type"),
                Arguments.of("a=candidate:2873461551", "a=candidate:1 1 udp 1 10.0.0.1 5 typ host generation",
                        "extension without a value"),
                Arguments.of("a=extmap:1 ", "a=extmap:0 urn:ietf:params:rtp-hdrext:ssrc-audio-level", "extmap id 0"),
                Arguments.of("a=extmap:1 ", "a=extmap:1/sideways urn:x", "unknown direction"),
                Arguments.of("a=ssrc:2583914402 cname", "a=ssrc:abc cname:x", "bad ssrc"),
                Arguments.of("a=ssrc:2583914402 cname", "a=ssrc:4294967296 cname:x", "out of range"),
                Arguments.of("a=ssrc-group:", "a=ssrc-group:FID 1 x", "bad ssrc"),
                Arguments.of("a=mid:1", "a=mid", "a=mid needs a value"),
                Arguments.of("a=mid:1", "a=mid:", "bad mid"),
                Arguments.of("a=sendrecv", "a=sendrecv:yes", "takes no value"),
                Arguments.of("a=ice-ufrag:", "a=ice-ufrag:bad ufrag", "bad ice-ufrag"),
                Arguments.of("a=sctp-port:", "a=sctp-port:99999", "sctp-port 99999 out of range"),
                Arguments.of("a=max-message-size:", "a=max-message-size:-1", "bad max-message-size"),
                Arguments.of("a=group:", "a=group:", "stray space"),
                Arguments.of("a=rtcp-mux", "a= rtcp-mux", "bad attribute name"),
                Arguments.of("a=rtcp-mux", "rtcp-mux", "expected <type>=<value>"),
                Arguments.of("a=rtcp-mux", "", "empty line"),
                Arguments.of("a=rtcp-mux", "x=unknown", "x= is not allowed in a media section"),
                Arguments.of("a=rtcp-mux", "c=IN IP4 0.0.0.0", "c= after a= lines"),
                Arguments.of("a=rtcp-mux", "u=http://example.org/", "u= is not allowed in a media section"),
                Arguments.of("t=0 0", "b=AS", "b= needs"),
                Arguments.of("a=rtcp-mux", "o=- 1 1 IN IP4 0.0.0.0", "o= may appear only once"),
                Arguments.of("t=0 0", "t=0", "t= needs"),
                Arguments.of("o=- ", "o=- 1 2 IN IP4", "o= needs six fields"),
                Arguments.of("o=- ", "o=- x 2 IN IP4 127.0.0.1", "bad session id"),
                Arguments.of("s=-", "t=0 0", "third line must be s="));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badLines")
    void namesTheOffendingLine(String replacedPrefix, String badLine, String reason) {
        List<String> lines = new ArrayList<>(Arrays.asList(OFFER.split("\r\n")));
        int index = indexOf(lines, replacedPrefix);
        lines.set(index, badLine);
        String sdp = String.join("\r\n", lines) + "\r\n";

        SdpParseException e = catchThrowableOfType(SdpParseException.class, () -> SessionDescription.parse(sdp));

        assertThat(e).as("no exception for %s", badLine).isNotNull();
        assertThat(e.lineNumber()).isEqualTo(index + 1);
        assertThat(e.line()).isEqualTo(badLine);
        assertThat(e.reason()).contains(reason);
        assertThat(e.getMessage()).startsWith("line " + (index + 1) + ": ");
    }

    @Test
    void missingVersionLine() {
        String sdp = OFFER.substring(OFFER.indexOf("o="));
        SdpParseException e = catchThrowableOfType(SdpParseException.class, () -> SessionDescription.parse(sdp));
        assertThat(e.lineNumber()).isEqualTo(1);
        assertThat(e.reason()).isEqualTo("first line must be v=0");
    }

    @Test
    void emptyAndTruncatedDocuments() {
        assertThatThrownBy(() -> SessionDescription.parse("")).isInstanceOfSatisfying(SdpParseException.class,
                e -> assertThat(e.lineNumber()).isEqualTo(1));
        assertThatThrownBy(() -> SessionDescription.parse("v=0\r\n")).isInstanceOfSatisfying(SdpParseException.class,
                e -> assertThat(e.lineNumber()).isEqualTo(2));
        assertThatThrownBy(() -> SessionDescription.parse("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n"))
                .isInstanceOfSatisfying(SdpParseException.class, e -> assertThat(e.lineNumber()).isEqualTo(3));
    }

    @Test
    void controlCharactersInsideALine() {
        String sdp = OFFER.replace("a=mid:0\r\n", "a=mid:0\u0000x\r\n");
        SdpParseException e = catchThrowableOfType(SdpParseException.class, () -> SessionDescription.parse(sdp));
        assertThat(e.reason()).contains("NUL");
        String cr = OFFER.replace("a=mid:0\r\n", "a=mid:0\rx\r\n");
        assertThatThrownBy(() -> SessionDescription.parse(cr)).isInstanceOf(SdpParseException.class);
    }

    @Test
    void standaloneValueErrorsHaveNoLine() {
        SdpParseException e = catchThrowableOfType(SdpParseException.class, () -> Candidate.parse("candidate:1 1 udp"));
        assertThat(e.lineNumber()).isZero();
        assertThat(e.line()).isNull();
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starts with " + prefix);
    }
}
