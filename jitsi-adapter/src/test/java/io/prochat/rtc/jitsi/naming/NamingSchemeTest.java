package io.prochat.rtc.jitsi.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamingSchemeTest {

    @ParameterizedTest
    @EnumSource(NamingScheme.class)
    void configNameRoundTrips(NamingScheme scheme) {
        assertThat(scheme.configName()).matches("[a-z]+");
        assertThat(NamingScheme.parse(scheme.configName())).isSameAs(scheme);
    }

    @Test
    void parseIgnoresCaseAndSpaces() {
        assertThat(NamingScheme.parse("  Words ")).isSameAs(NamingScheme.WORDS);
        assertThat(NamingScheme.parse("UUID")).isSameAs(NamingScheme.UUID);
        assertThat(NamingScheme.parse("MatterMost")).isSameAs(NamingScheme.MATTERMOST);
        assertThat(NamingScheme.parse("ask")).isSameAs(NamingScheme.ASK);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "word", "random", "uuid4", "ask-me"})
    void unknownValuesAreRefusedWithTheAcceptedList(String value) {
        assertThatThrownBy(() -> NamingScheme.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("words, uuid, mattermost, ask");
    }
}
