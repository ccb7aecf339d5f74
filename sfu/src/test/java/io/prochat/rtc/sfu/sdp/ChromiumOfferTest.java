package io.prochat.rtc.sfu.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Field-level reading of a Chromium Unified Plan offer with audio, video and a data channel. */
class ChromiumOfferTest {
    private final SessionDescription offer = SdpResources.parsed(SdpResources.CHROMIUM);
    private final MediaDescription audio = offer.media().get(0);
    private final MediaDescription video = offer.media().get(1);
    private final MediaDescription data = offer.media().get(2);

    @Test
    void sessionLevel() {
        assertThat(offer.origin().username()).isEqualTo("-");
        assertThat(offer.origin().sessionId()).isEqualTo("6022437113298447651");
        assertThat(offer.origin().sessionVersion()).isEqualTo(2);
        assertThat(offer.timing()).contains(Timing.UNBOUNDED);
        assertThat(offer.bundleGroup()).contains(new Group("BUNDLE", List.of("0", "1", "2")));
        assertThat(offer.hasAttribute("extmap-allow-mixed")).isTrue();
        assertThat(offer.attributeValue("msid-semantic")).contains(" WMS 8ca81811-66d2-4876-b2fd-f2022a96fb1a");
        assertThat(offer.media()).extracting(MediaDescription::media).containsExactly("audio", "video", "application");
        assertThat(offer.media("1")).contains(video);
    }

    @Test
    void transportAttributesOnEveryMLine() {
        for (MediaDescription m : offer.media()) {
            assertThat(offer.iceUfrag(m)).contains("Hp3Q");
            assertThat(offer.icePwd(m)).contains("bX9rT2kLm4nQw8zY1cV5sD7f");
            assertThat(m.iceOptions()).containsExactly("trickle");
            assertThat(offer.setup(m)).contains(SetupRole.ACTPASS);
            assertThat(m.connection()).contains(Connection.DUMMY);
            assertThat(m.port()).isEqualTo(9);
        }
        Fingerprint fp = offer.fingerprints(audio).get(0);
        assertThat(fp.hashFunction()).isEqualTo("sha-256");
        assertThat(fp.bytes()).hasSize(32).startsWith((byte) 0xA5, (byte) 0x4D, (byte) 0xCA);
        assertThat(fp.matches("SHA-256", fp.bytes())).isTrue();
        assertThat(Fingerprint.of("sha-256", fp.bytes())).isEqualTo(fp);
        assertThat(audio.rtcpMux()).isTrue();
        assertThat(video.hasAttribute("rtcp-rsize")).isTrue();
    }

    @Test
    void audioCodecsAndExtensions() {
        assertThat(audio.mid()).contains("0");
        assertThat(offer.direction(audio)).isEqualTo(Direction.SENDRECV);
        assertThat(audio.payloadTypes()).containsExactly(111, 63, 9, 0, 8, 13, 110, 126);
        assertThat(audio.rtpmap(111)).contains(new Rtpmap(111, "opus", 48000, 2));
        assertThat(audio.rtpmap(9)).contains(new Rtpmap(9, "G722", 8000));
        assertThat(audio.fmtp(111).orElseThrow().parameterMap())
                .containsExactly(Map.entry("minptime", "10"), Map.entry("useinbandfec", "1"));
        assertThat(audio.fmtp(63).orElseThrow().parameters()).isEqualTo("111/111");
        assertThat(audio.rtcpFeedback(111)).containsExactly(new RtcpFb(111, "transport-cc", null));
        assertThat(audio.codecs()).filteredOn(c -> c.is("telephone-event"))
                .extracting(c -> c.rtpmap().clockRate()).containsExactly(48000, 8000);
        assertThat(audio.extmap(Extmap.AUDIO_LEVEL).orElseThrow().id()).isEqualTo(1);
        assertThat(audio.extmap(Extmap.ABS_SEND_TIME).orElseThrow().id()).isEqualTo(2);
        assertThat(audio.extmap(Extmap.TRANSPORT_CC).orElseThrow().id()).isEqualTo(3);
        assertThat(audio.extmap(Extmap.SDES_MID).orElseThrow().id()).isEqualTo(4);
        assertThat(audio.msid()).contains(new Msid("8ca81811-66d2-4876-b2fd-f2022a96fb1a",
                "47469a4d-8cdb-405f-9d2e-16096e36aab0"));
        assertThat(audio.ssrcs()).extracting(Ssrc::ssrc).containsOnly(2583914402L);
        assertThat(audio.ssrcs().get(0)).isEqualTo(new Ssrc(2583914402L, "cname", "qR7vLx2mTzP0aN4e"));
    }

    @Test
    void candidates() {
        List<Candidate> candidates = audio.candidates();
        assertThat(candidates).hasSize(3);
        Candidate host = candidates.get(0);
        assertThat(host.type()).isEqualTo(CandidateType.HOST);
        assertThat(host.address()).endsWith(".local");
        assertThat(host.port()).isEqualTo(51734);
        assertThat(host.priority()).isEqualTo(2122260223L);
        assertThat(host.extension("network-cost")).contains("10");
        Candidate srflx = candidates.get(1);
        assertThat(srflx.type()).isEqualTo(CandidateType.SERVER_REFLEXIVE);
        assertThat(srflx.relatedAddress()).isEqualTo("0.0.0.0");
        assertThat(srflx.relatedPort()).isZero();
        Candidate tcp = candidates.get(2);
        assertThat(tcp.isUdp()).isFalse();
        assertThat(tcp.extension("tcptype")).contains("active");
    }

    @Test
    void videoCodecsRtxAndFeedback() {
        assertThat(video.payloadTypes()).containsExactly(96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 45, 46, 39, 40, 41);
        Map<Integer, Integer> rtxToPrimary = new HashMap<>();
        for (Codec codec : video.codecs()) {
            if (codec.isRtx()) {
                rtxToPrimary.put(codec.payloadType(), codec.apt().orElseThrow());
            }
        }
        assertThat(rtxToPrimary).containsOnly(Map.entry(97, 96), Map.entry(99, 98), Map.entry(101, 100),
                Map.entry(103, 102), Map.entry(105, 104), Map.entry(46, 45), Map.entry(40, 39));

        Codec vp8 = video.codecs().get(0);
        assertThat(vp8.is("vp8")).isTrue();
        assertThat(vp8.feedback()).extracting(RtcpFb::sdpValue)
                .containsExactly("96 goog-remb", "96 transport-cc", "96 ccm fir", "96 nack", "96 nack pli");
        assertThat(vp8.hasFeedback("nack", "pli")).isTrue();
        assertThat(vp8.hasFeedback("ccm", "fir")).isTrue();
        assertThat(video.fmtp(98).flatMap(f -> f.parameter("profile-id"))).contains("0");
        assertThat(video.fmtp(102).flatMap(f -> f.parameter("PROFILE-LEVEL-ID"))).contains("42001f");
        assertThat(video.rtpmap(45).orElseThrow().encodingName()).isEqualTo("AV1");
        assertThat(video.codecs()).filteredOn(c -> c.is("ulpfec")).extracting(Codec::feedback).containsExactly(List.of());
    }

    @Test
    void videoExtensionsAndSsrcGroups() {
        assertThat(video.extmaps()).extracting(Extmap::id).containsExactly(14, 2, 13, 3, 5, 6, 7, 8, 4, 10, 11);
        assertThat(video.extmap(Extmap.SDES_RTP_STREAM_ID).orElseThrow().id()).isEqualTo(10);
        assertThat(video.extmap(Extmap.SDES_REPAIRED_RTP_STREAM_ID).orElseThrow().id()).isEqualTo(11);
        assertThat(video.extmap(Extmap.TRANSPORT_CC)).isEqualTo(audio.extmap(Extmap.TRANSPORT_CC));
        assertThat(video.ssrcGroups()).containsExactly(new SsrcGroup("FID", List.of(1771829370L, 3013449283L)));
        assertThat(video.ssrcs()).filteredOn(s -> s.attribute().equals("msid")).extracting(Ssrc::value)
                .containsOnly("8ca81811-66d2-4876-b2fd-f2022a96fb1a 5bd86d40-fc89-4b4a-aa50-df4db4d66a3a");
    }

    @Test
    void dataChannel() {
        assertThat(data.isRtp()).isFalse();
        assertThat(data.protocol()).isEqualTo("UDP/DTLS/SCTP");
        assertThat(data.formats()).containsExactly("webrtc-datachannel");
        assertThat(data.payloadTypes()).isEmpty();
        assertThat(data.sctpPort()).hasValue(5000);
        assertThat(data.maxMessageSize()).hasValue(262144);
        assertThat(data.mid()).contains("2");
    }
}
