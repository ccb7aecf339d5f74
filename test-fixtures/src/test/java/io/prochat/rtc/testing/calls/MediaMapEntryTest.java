package io.prochat.rtc.testing.calls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

class MediaMapEntryTest {
    private static DataChannelMessage binary(String hex) {
        return new DataChannelMessage(0, false,
                Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex.replaceAll("\\s+", ""))));
    }

    @Test
    void mergesMediaMapsAndIgnoresOtherMessages() {
        // cc 09 (uint8 9, as Go writes it), then {"1": {"type": "voice", "sender_id": "s"}}
        DataChannelMessage first = binary("cc09 81 a131 82 a474797065 a5766f696365 a9 73656e6465725f6964 a173");
        // 09 (fixint), {"1": {"type": "screen", "sender_id": "t"}}
        DataChannelMessage second = binary("09 81 a131 82 a474797065 a6 73637265656e a9 73656e6465725f6964 a174");
        DataChannelMessage pong = new DataChannelMessage(0, true, "pong");
        DataChannelMessage lock = binary("cc07 c3");
        assertThat(MediaMapEntry.collect(List.of(first, pong, lock)))
                .containsExactly(java.util.Map.entry("1", new MediaMapEntry("voice", "s")));
        assertThat(MediaMapEntry.collect(List.of(first, second)))
                .containsExactly(java.util.Map.entry("1", new MediaMapEntry("screen", "t")));
    }
}
