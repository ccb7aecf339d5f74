package io.prochat.rtc.sfu.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Building an SFU answer from a parsed offer, as the transport code will. */
class SdpBuilderTest {

    @Test
    void answerToChromiumOfferWritesValidSdp() throws SdpParseException {
        SessionDescription offer = SdpResources.parsed(SdpResources.CHROMIUM);
        SessionDescription.Builder answer = SessionDescription.builder()
                .origin(new Origin("-", "1234567890", 1, "IN", "IP4", "127.0.0.1"))
                .attribute(offer.bundleGroup().orElseThrow());
        for (MediaDescription m : offer.media()) {
            MediaDescription.Builder section = MediaDescription.builder(m.media(), 9, m.protocol())
                    .connection(Connection.DUMMY)
                    .attribute(new IceUfrag("sfu1"))
                    .attribute(new IcePwd("0123456789abcdefghijkl"))
                    .attribute(Fingerprint.of("sha-256", new byte[32]))
                    .attribute(SetupRole.PASSIVE)
                    .attribute(new Mid(m.mid().orElseThrow()));
            if (m.isRtp()) {
                Codec first = m.codecs().get(0);
                section.payloadType(first.payloadType())
                        .attribute(offer.direction(m).reversed())
                        .flag("rtcp-mux")
                        .attribute(first.rtpmap())
                        .addAttributes(first.feedback());
                m.extmap(Extmap.TRANSPORT_CC).ifPresent(section::attribute);
            } else {
                section.format("webrtc-datachannel").attribute(new SctpPort(5000));
            }
            answer.media(section.build());
        }
        SessionDescription built = answer.build();
        String text = built.toString();

        assertThat(text).startsWith("v=0\r\no=- 1234567890 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1 2\r\n");
        assertThat(text).contains("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:sfu1\r\n");
        assertThat(text).contains("a=setup:passive\r\n", "a=rtpmap:96 VP8/90000\r\na=rtcp-fb:96 goog-remb\r\n");
        assertThat(SessionDescription.parse(text)).isEqualTo(built);
    }

    @Test
    void toBuilderEditsOneSection() throws SdpParseException {
        SessionDescription offer = SdpResources.parsed(SdpResources.CHROMIUM);
        List<MediaDescription> media = new ArrayList<>(offer.media());
        media.set(2, media.get(2).toBuilder().build());
        MediaDescription rejected = MediaDescription.builder("video", 0, "UDP/TLS/RTP/SAVPF").payloadType(96)
                .attribute(new Mid("1")).build();
        media.set(1, rejected);
        SessionDescription edited = offer.toBuilder().origin(offer.origin().nextVersion()).media(media).build();

        SessionDescription reread = SessionDescription.parse(edited.toString());
        assertThat(reread.origin().sessionVersion()).isEqualTo(3);
        assertThat(reread.media("1").orElseThrow().isRejected()).isTrue();
        assertThat(reread).isEqualTo(edited);
    }
}
