package io.prochat.rtc.sfu.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Typed attributes: each line parses to its record and writes back unchanged. */
class SdpAttributeTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "a=rtpmap:111 opus/48000/2", "a=rtpmap:96 VP8/90000", "a=fmtp:97 apt=96", "a=fmtp:63 111/111", "a=fmtp:101",
        "a=rtcp-fb:96 nack pli", "a=rtcp-fb:* nack", "a=rtcp-fb:96 ccm tmmbr smaxpr=120",
        "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
        "a=extmap:2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level", "a=extmap:4096 urn:x attr1 attr2",
        "a=fingerprint:sha-1 00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00:11:22:33",
        "a=fingerprint:x-custom AB", "a=ssrc:0 cname:x", "a=ssrc:4294967295 msid:a b", "a=ssrc:7 foo",
        "a=ssrc-group:SIM 1 2 3", "a=ssrc-group:FID", "a=rid:f send", "a=rid:1 recv pt=96;max-width=1280",
        "a=simulcast:send f;h;q", "a=simulcast:send 1,~2;3 recv 4", "a=simulcast:recv ~q",
        "a=candidate:1 1 UDP 2122252543 192.0.2.1 54321 typ host",
        "a=candidate:a+b/ 2 tcp 1 192.0.2.1 9 typ relay raddr 10.0.0.1 rport 3478 tcptype passive",
        "a=candidate:1 1 udp 1 192.0.2.1 9 typ prflx rport 7", "a=setup:holdconn", "a=sendonly", "a=inactive",
        "a=mid:audio", "a=msid:- 5bd86d40", "a=msid:stream", "a=ice-ufrag:a+/b", "a=ice-pwd:0123456789abcdefABCDEF",
        "a=group:BUNDLE", "a=group:LS a b", "a=sctp-port:5000", "a=max-message-size:0", "a=rtcp-mux",
        "a=msid-semantic: WMS *", "a=x-unknown:  two  spaces ", "a=empty:"})
    void parsesAndWritesBack(String line) throws SdpParseException {
        SdpAttribute attribute = SdpAttribute.parse(line);
        assertThat(attribute.line()).isEqualTo(line);
        assertThat(SdpAttribute.parse(attribute.line())).isEqualTo(attribute);
    }

    @Test
    void typesKnownNames() throws SdpParseException {
        assertThat(SdpAttribute.parse("a=rtpmap:111 opus/48000/2")).isInstanceOf(Rtpmap.class);
        assertThat(SdpAttribute.parse("a=recvonly")).isSameAs(Direction.RECVONLY);
        assertThat(SdpAttribute.parse("a=setup:active")).isSameAs(SetupRole.ACTIVE);
        assertThat(SdpAttribute.parse("a=rtcp-mux")).isEqualTo(GenericAttribute.flag("rtcp-mux"));
        assertThat(SdpAttribute.parse("a=empty:")).isEqualTo(new GenericAttribute("empty", ""));
    }

    @Test
    void enumsRoundTripTheirTokens() throws SdpParseException {
        for (SetupRole role : SetupRole.values()) {
            assertThat(SetupRole.parse(role.token())).isSameAs(role);
        }
        for (Direction d : Direction.values()) {
            assertThat(Direction.parse(d.sdpName())).isSameAs(d);
            assertThat(d.reversed().reversed()).isSameAs(d);
        }
        for (CandidateType t : CandidateType.values()) {
            assertThat(CandidateType.parse(t.token())).isSameAs(t);
        }
        for (StreamDirection d : StreamDirection.values()) {
            assertThat(StreamDirection.parse(d.token())).isSameAs(d);
        }
        assertThat(Direction.SENDONLY.reversed()).isSameAs(Direction.RECVONLY);
        assertThatThrownBy(() -> SetupRole.parse("ACTIVE")).isInstanceOf(SdpParseException.class);
    }

    @Test
    void trickledCandidate() throws SdpParseException {
        String trickled = "candidate:842163049 1 udp 1677729535 198.51.100.4 61000 typ srflx raddr 10.0.0.2 "
                + "rport 61000 generation 0 ufrag EsAw network-cost 999";
        Candidate c = Candidate.parse(trickled);

        assertThat(c.foundation()).isEqualTo("842163049");
        assertThat(c.component()).isEqualTo(1);
        assertThat(c.relatedAddress()).isEqualTo("10.0.0.2");
        assertThat(c.extension("ufrag")).contains("EsAw");
        assertThat(c.trickleString()).isEqualTo(trickled);
        assertThat(new Candidate("1", 1, "udp", 5, "192.0.2.1", 9, CandidateType.HOST).sdpValue())
                .isEqualTo("1 1 udp 5 192.0.2.1 9 typ host");
    }

    @Test
    void fmtpParameters() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("minptime", "10");
        params.put("useinbandfec", "1");
        Fmtp fmtp = Fmtp.of(111, params);

        assertThat(fmtp.sdpValue()).isEqualTo("111 minptime=10;useinbandfec=1");
        assertThat(fmtp.parameter("MinPTime")).contains("10");
        assertThat(new Fmtp(97, "apt=96").apt()).hasValue(96);
        assertThat(new Fmtp(97, "apt=x").apt()).isEmpty();
        assertThat(new Fmtp(63, "111/111").parameterMap()).containsExactly(Map.entry("111/111", ""));
    }

    @Test
    void fingerprintFormatsLikeBrowsers() {
        byte[] digest = new byte[32];
        digest[0] = (byte) 0xAB;
        digest[31] = 0x01;
        Fingerprint fp = Fingerprint.of("sha-256", digest);

        assertThat(fp.value()).startsWith("AB:00:").endsWith(":00:01").hasSize(32 * 3 - 1);
        assertThat(fp.bytes()).isEqualTo(digest);
        assertThat(fp.matches("sha-256", new byte[32])).isFalse();
        assertThatThrownBy(() -> Fingerprint.of("sha-256", new byte[20])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void simulcastStructure() throws SdpParseException {
        Simulcast s = Simulcast.parse("send 1,~2;3 recv 4");

        assertThat(s.send()).hasSize(2);
        assertThat(s.send().get(0)).containsExactly(new Simulcast.Alternative("1", false),
                new Simulcast.Alternative("2", true));
        assertThat(s.sendRids()).containsExactly("1", "3");
        assertThat(s.recvRids()).containsExactly("4");
        assertThat(Simulcast.parse("recv 4 send 1").sdpValue()).isEqualTo("send 1 recv 4");
        assertThatThrownBy(() -> Simulcast.parse("send 1 send 2")).isInstanceOf(SdpParseException.class);
        assertThatThrownBy(() -> Simulcast.parse("send 1;;2")).isInstanceOf(SdpParseException.class);
    }

    @Test
    void constructorsRefuseUnwritableValues() {
        assertThatThrownBy(() -> new Mid("a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GenericAttribute("x", "a\r\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rtpmap(128, "opus", 48000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Extmap(15 * 1000, "urn:x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SsrcGroup("FID", List.of(-1L))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new IcePwd("0123456789abcdefABCDEF").toString()).doesNotContain("0123");
    }
}
