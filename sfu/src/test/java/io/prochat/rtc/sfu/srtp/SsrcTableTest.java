package io.prochat.rtc.sfu.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SsrcTableTest {
    @Test
    void findsWhatWasPutAmongManyAndNothingElse() {
        SsrcTable<String> table = new SsrcTable<>(1000);
        Map<Integer, String> expected = new HashMap<>();
        Random random = new Random(3);
        for (int i = 0; i < 600; i++) {
            int ssrc = i < 300 ? i : random.nextInt(); // sequential and random SSRCs
            if (!expected.containsKey(ssrc)) {
                assertThat(table.put(ssrc, "s" + ssrc)).isTrue();
                expected.put(ssrc, "s" + ssrc);
            }
        }
        expected.forEach((ssrc, v) -> assertThat(table.get(ssrc)).isEqualTo(v));
        assertThat(table.get(-12345)).isNull();
        assertThat(table.size()).isEqualTo(expected.size());
    }

    @Test
    void refusesPastCapacityAndTakesMoreOnceOneIsRemoved() {
        SsrcTable<String> table = new SsrcTable<>(3);
        table.put(1, "a");
        table.put(2, "b");
        table.put(3, "c");
        assertThat(table.isFull()).isTrue();
        assertThat(table.put(4, "d")).isFalse();
        table.remove(2);
        table.remove(99); // not there: nothing happens
        assertThat(table.get(2)).isNull();
        assertThat(table.get(1)).isEqualTo("a");
        assertThat(table.get(3)).isEqualTo("c");
        assertThat(table.put(4, "d")).isTrue();
        assertThat(table.get(4)).isEqualTo("d");
        assertThat(table.size()).isEqualTo(3);
    }
}
