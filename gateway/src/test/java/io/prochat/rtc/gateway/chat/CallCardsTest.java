package io.prochat.rtc.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CallCardsTest {
    @Test
    void durationsReadAsPeopleSayThem() {
        assertThat(CallCards.duration(Duration.ofSeconds(45))).isEqualTo("45 s");
        assertThat(CallCards.duration(Duration.ofMinutes(12))).isEqualTo("12 min");
        assertThat(CallCards.duration(Duration.ofSeconds(12 * 60 + 3))).isEqualTo("12 min 3 s");
        assertThat(CallCards.duration(Duration.ofMinutes(125).plusSeconds(9))).isEqualTo("2 h 5 min");
        assertThat(CallCards.duration(Duration.ofHours(3))).isEqualTo("3 h");
        assertThat(CallCards.duration(Duration.ofSeconds(-3))).isEqualTo("0 s");
    }
}
