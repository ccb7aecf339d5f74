package io.prochat.rtc.sfu.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Chromium simulcast offer and the Firefox-shaped offer, read field by field. */
class BrowserOfferShapesTest {

    @Test
    void chromiumSimulcastOfferHasRidsAndNoSsrcs() {
        SessionDescription offer = SdpResources.parsed(SdpResources.CHROMIUM_SIMULCAST);
        MediaDescription video = offer.media("1").orElseThrow();

        assertThat(video.rids()).containsExactly(new Rid("f", StreamDirection.SEND), new Rid("h", StreamDirection.SEND),
                new Rid("q", StreamDirection.SEND));
        Simulcast simulcast = video.simulcast().orElseThrow();
        assertThat(simulcast.sendRids()).containsExactly("f", "h", "q");
        assertThat(simulcast.recv()).isEmpty();
        assertThat(simulcast).isEqualTo(Simulcast.of(StreamDirection.SEND, List.of("f", "h", "q")));
        assertThat(video.ssrcs()).isEmpty();
        assertThat(video.ssrcGroups()).isEmpty();
        assertThat(offer.direction(video)).isEqualTo(Direction.SENDONLY);
        assertThat(video.extmap(Extmap.SDES_RTP_STREAM_ID).map(Extmap::id)).contains(10);
        assertThat(video.codecs()).filteredOn(Codec::isRtx).extracting(c -> c.apt().getAsInt()).containsExactly(96, 45);
    }

    @Test
    void firefoxOfferKeepsSessionLevelFingerprintAndDirectionalExtmaps() {
        SessionDescription offer = SdpResources.parsed(SdpResources.FIREFOX);
        MediaDescription audio = offer.media().get(0);
        MediaDescription video = offer.media().get(1);

        assertThat(offer.origin().username()).isEqualTo("mozilla...THIS_IS_SDPARTA-128.0");
        assertThat(audio.fingerprints()).isEmpty();
        assertThat(offer.fingerprints(audio)).hasSize(1);
        assertThat(offer.fingerprints(audio).get(0).hashFunction()).isEqualTo("sha-256");
        assertThat(offer.iceOptions()).containsExactly("trickle");
        assertThat(offer.iceUfrag(audio)).contains("6c0e91ab");
        assertThat(offer.icePwd(video)).contains("3f9c1a7e52d04b8896e1c0a4d7b2e6f1");
        assertThat(offer.setup(video)).contains(SetupRole.ACTPASS);

        Extmap csrc = audio.extmaps().get(1);
        assertThat(csrc.id()).isEqualTo(2);
        assertThat(csrc.direction()).isEqualTo(Direction.RECVONLY);
        assertThat(csrc.uri()).isEqualTo("urn:ietf:params:rtp-hdrext:csrc-audio-level");
        assertThat(video.extmap(Extmap.TRANSPORT_CC).map(Extmap::id)).contains(7);

        assertThat(audio.msid()).contains(new Msid("{9b1f3c2e-6d4a-4e8b-b7c5-2a0f8e1d3c49}",
                "{e4d7a2b1-0c3f-4a96-8e5d-7b1c9f2a6e03}"));
        assertThat(audio.ssrcs()).containsExactly(new Ssrc(3482915627L, "cname", "{5a8e2c1f-9d3b-4f70-a6e4-c2b9d1f08a37}"));
        assertThat(audio.rtpmap(9)).contains(new Rtpmap(9, "G722", 8000, 1));
        assertThat(audio.fmtp(109).orElseThrow().parameterMap())
                .contains(Map.entry("stereo", "1"), Map.entry("maxplaybackrate", "48000"));

        assertThat(video.codecs()).filteredOn(Codec::isRtx).extracting(Codec::payloadType, c -> c.apt().getAsInt())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(124, 120), org.assertj.core.groups.Tuple.tuple(125, 121),
                        org.assertj.core.groups.Tuple.tuple(127, 126), org.assertj.core.groups.Tuple.tuple(98, 97));
        assertThat(video.ssrcGroups()).containsExactly(new SsrcGroup("FID", List.of(2219437015L, 1046673829L)));
        assertThat(offer.media().get(2).maxMessageSize()).hasValue(1073741823L);
    }
}
