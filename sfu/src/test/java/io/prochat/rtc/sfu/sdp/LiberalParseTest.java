package io.prochat.rtc.sfu.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue 11, item 11: whitespace that changes no meaning does not fail a join. */
class LiberalParseTest {
    @Test
    void pionsTrailingSpaceOnAnRtcpFbLineIsAccepted() throws Exception {
        String chrome = SdpResources.text(SdpResources.CHROMIUM);
        String pion = chrome.replace("a=rtcp-fb:111 transport-cc\r\n", "a=rtcp-fb:111 transport-cc \r\n");
        assertThat(pion).isNotEqualTo(chrome);
        SessionDescription parsed = SessionDescription.parse(pion);
        assertThat(parsed).isEqualTo(SessionDescription.parse(chrome));
        assertThat(parsed.media().get(0).rtcpFeedback(111)).extracting(Object::toString)
                .anyMatch(s -> s.contains("transport-cc"));
    }

    @Test
    void trailingTabsSpacesAndBlankLinesAreIgnoredButFreeTextKeepsItsSpaces() throws Exception {
        String chrome = SdpResources.text(SdpResources.CHROMIUM);
        String messy = chrome.replace("\r\n", " \t\r\n").replace("s=- \t\r\n", "s= \r\n") + "\r\n";
        SessionDescription parsed = SessionDescription.parse(messy);
        assertThat(parsed.media()).hasSameSizeAs(SessionDescription.parse(chrome).media());
        assertThat(parsed.sessionName()).isEqualTo(" ");
    }
}
