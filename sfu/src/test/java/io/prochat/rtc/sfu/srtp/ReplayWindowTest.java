package io.prochat.rtc.sfu.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplayWindowTest {
    @Test
    void acceptsEachIndexOnceInsideTheWindowAndNothingOlder() {
        ReplayWindow w = new ReplayWindow();
        assertThat(w.isFresh(100)).isTrue();
        w.accept(100);
        assertThat(w.isFresh(100)).isFalse();
        assertThat(w.isFresh(99)).as("late but inside the window").isTrue();
        w.accept(99);
        assertThat(w.isFresh(99)).isFalse();
        assertThat(w.isFresh(100 - 63)).isTrue();
        assertThat(w.isFresh(100 - 64)).as("older than the window").isFalse();
        w.accept(200);
        assertThat(w.isFresh(150)).isTrue();
        assertThat(w.isFresh(136)).isFalse();
        assertThat(w.isFresh(-1)).isFalse();
    }

    @Test
    void aJumpBeyondTheWindowForgetsTheOldMap() {
        ReplayWindow w = new ReplayWindow();
        w.accept(10);
        w.accept(10 + 1000);
        assertThat(w.isFresh(10 + 999)).isTrue();
        assertThat(w.isFresh(10 + 1000)).isFalse();
    }
}
