package io.prochat.rtc.sfu.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Browser offers read and written back: same bytes, and an equal model when read again. */
class SdpRoundTripTest {

    @ParameterizedTest
    @ValueSource(strings = {SdpResources.CHROMIUM, SdpResources.CHROMIUM_SIMULCAST, SdpResources.FIREFOX})
    void writesBackByteForByte(String resource) {
        String original = SdpResources.text(resource);
        assertThat(original).as("resources must keep CRLF line ends").contains("\r\n").doesNotContain("\n\n");

        assertThat(SdpResources.parsed(resource).toString()).isEqualTo(original);
    }

    @ParameterizedTest
    @ValueSource(strings = {SdpResources.CHROMIUM, SdpResources.CHROMIUM_SIMULCAST, SdpResources.FIREFOX})
    void parseWriteParseGivesAnEqualModel(String resource) throws SdpParseException {
        SessionDescription first = SdpResources.parsed(resource);
        SessionDescription second = SessionDescription.parse(first.toString());

        assertThat(second).isEqualTo(first);
        assertThat(second.hashCode()).isEqualTo(first.hashCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {SdpResources.CHROMIUM, SdpResources.CHROMIUM_SIMULCAST, SdpResources.FIREFOX})
    void acceptsBareLineFeedsAndAMissingFinalLineEnd(String resource) throws SdpParseException {
        String original = SdpResources.text(resource);
        String lf = original.replace("\r\n", "\n");
        String unterminated = original.substring(0, original.length() - 2);

        assertThat(SessionDescription.parse(lf).toString()).isEqualTo(original);
        assertThat(SessionDescription.parse(unterminated).toString()).isEqualTo(original);
    }

    @ParameterizedTest
    @ValueSource(strings = {SdpResources.CHROMIUM, SdpResources.CHROMIUM_SIMULCAST, SdpResources.FIREFOX})
    void builderCopyIsEqual(String resource) {
        SessionDescription parsed = SdpResources.parsed(resource);
        SessionDescription copy = parsed.toBuilder()
                .media(parsed.media().stream().map(m -> m.toBuilder().build()).toList())
                .build();

        assertThat(copy).isEqualTo(parsed);
    }
}
