package io.prochat.rtc.sfu.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.prochat.rtc.sfu.TransportDescription;
import io.prochat.rtc.sfu.dtls.DtlsSetup;
import io.prochat.rtc.sfu.dtls.Fingerprint;
import io.prochat.rtc.sfu.ice.IceCandidate;
import io.prochat.rtc.sfu.sdp.MediaDescription;
import io.prochat.rtc.sfu.sdp.SessionDescription;
import org.junit.jupiter.api.Test;

/** Offer in, answer out, on a captured Chromium offer (audio, video, data channel). */
class EchoSdpTest {
    private static final TransportDescription OURS = new TransportDescription("ourUfrag", "ourPasswordIsLongEnough22",
            List.of(Fingerprint.parse("sha-256 " + "0A:".repeat(31) + "0A")), DtlsSetup.PASSIVE,
            List.of(IceCandidate.parse("candidate:1 1 udp 2130706431 127.0.0.1 8045 typ host"),
                    IceCandidate.parse("candidate:2 1 tcp 2130706175 127.0.0.1 8045 typ host tcptype passive")));

    private static String resource(String name) throws IOException {
        try (InputStream in = EchoSdpTest.class.getResourceAsStream("/sdp/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsTheBrowsersTransport() throws Exception {
        TransportDescription remote = EchoSdp.transport(EchoSdp.parse(resource("chromium-offer.sdp")));
        assertThat(remote.iceUfrag()).isEqualTo("Hp3Q");
        assertThat(remote.icePwd()).isEqualTo("bX9rT2kLm4nQw8zY1cV5sD7f");
        assertThat(remote.setup()).isEqualTo(DtlsSetup.ACTPASS);
        assertThat(remote.fingerprints()).extracting(Fingerprint::hashFunction).containsExactly("sha-256");
        assertThat(remote.candidates()).extracting(IceCandidate::type).containsExactly("host", "srflx", "host");
    }

    @Test
    void answersOpusVp8AndTheDataChannel() throws Exception {
        SessionDescription offer = EchoSdp.parse(resource("chromium-offer.sdp"));
        String text = EchoSdp.answer(offer, OURS, SsrcMirror::map);
        SessionDescription answer = SessionDescription.parse(text);

        assertThat(answer.bundleGroup().orElseThrow().mids()).containsExactly("0", "1", "2");
        List<MediaDescription> m = answer.media();
        assertThat(m).hasSize(offer.media().size());
        MediaDescription audio = m.get(0);
        MediaDescription video = m.get(1);
        assertThat(audio.payloadTypes()).containsExactly(111);
        assertThat(audio.rtpmap(111).orElseThrow().encodingName()).isEqualTo("opus");
        assertThat(video.rtpmaps()).hasSize(1);
        assertThat(video.rtpmaps().get(0).encodingName()).isEqualToIgnoringCase("VP8");
        assertThat(m.get(2).toString()).as("the data channel, echoed too").startsWith(
                "m=application 9 UDP/DTLS/SCTP webrtc-datachannel").contains("a=sctp-port:5000", "a=setup:passive");
        for (MediaDescription accepted : List.of(audio, video)) {
            assertThat(answer.iceUfrag(accepted)).contains("ourUfrag");
            assertThat(answer.setup(accepted).orElseThrow().sdpValue()).isEqualTo("passive");
            assertThat(answer.direction(accepted).sdpName()).isEqualTo("sendrecv");
            assertThat(accepted.rtcpMux()).isTrue();
            assertThat(accepted.extmaps()).extracting(e -> e.uri()).containsExactly(
                    "urn:ietf:params:rtp-hdrext:sdes:mid");
            assertThat(text).contains("a=candidate:2 1 tcp 2130706175 127.0.0.1 8045 typ host tcptype passive");
        }
        // the audio SSRC comes back renamed, never as the browser's own
        assertThat(audio.ssrcs()).extracting(s -> s.ssrc()).containsOnly(SsrcMirror.map(2583914402L));
        assertThat(video.rtcpFeedback(video.payloadTypes().get(0))).extracting(f -> f.type())
                .doesNotContain("transport-cc", "goog-remb");
    }

    @Test
    void refusesAnOfferWithoutFingerprint() throws Exception {
        String offer = resource("chromium-offer.sdp").replaceAll("a=fingerprint:[^\r\n]*\r?\n", "");
        assertThatThrownBy(() -> EchoSdp.transport(EchoSdp.parse(offer))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EchoSdp.parse("not sdp")).isInstanceOf(IllegalArgumentException.class);
    }
}
