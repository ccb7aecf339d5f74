package io.prochat.rtc.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.prochat.rtc.sfu.dtls.DtlsSetup;
import io.prochat.rtc.sfu.dtls.Fingerprint;
import io.prochat.rtc.sfu.ice.IceCandidate;
import io.prochat.rtc.sfu.sdp.MediaDescription;
import io.prochat.rtc.sfu.sdp.SessionDescription;
import org.junit.jupiter.api.Test;

class LocalSdpDataChannelTest {
    private static final Fingerprint FINGERPRINT = io.prochat.rtc.sfu.dtls.DtlsCertificate.generate().fingerprint();

    @Test
    void answersADataChannelSectionThatParsesBack() throws Exception {
        TransportDescription local = new TransportDescription("ufrag", "abcdefghijklmnopqrstuvwx",
                List.of(FINGERPRINT), DtlsSetup.PASSIVE,
                List.of(IceCandidate.parse("candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host")));
        MediaDescription m = LocalSdp.dataChannelAnswer("2", local);
        String text = m.toString();
        assertThat(text).startsWith("m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n")
                .contains("a=mid:2\r\n", "a=sctp-port:5000\r\n", "a=max-message-size:262144\r\n",
                        "a=setup:passive\r\n", "a=ice-ufrag:ufrag\r\n", "a=fingerprint:sha-256 " + FINGERPRINT.value() + "\r\n",
                        "a=candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host generation 0\r\n");
        SessionDescription parsed = SessionDescription.parse("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                + text);
        MediaDescription back = parsed.media().get(0);
        assertThat(back.sctpPort().getAsInt()).isEqualTo(5000);
        assertThat(back.maxMessageSize().getAsLong()).isEqualTo(262144);
        assertThat(LocalSdp.isDataChannelOffer(back)).isTrue();
    }
}
