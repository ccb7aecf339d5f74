package io.prochat.rtc.gateway.cluster;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code cpu_load} a node shows the Calls plugin: its CPU, unless draining or full, then out of reach. */
class NodeLoadTest {
    @Test
    void theCpuFigureUntilDrainingOrFullThenAboveAnyRealOneKeepingTheOrderByCpu() {
        AtomicBoolean draining = new AtomicBoolean();
        AtomicInteger participants = new AtomicInteger(9);
        NodeLoad load = new NodeLoad(() -> 2.5, draining::get, participants::get, 10);
        assertThat(load.getAsDouble()).isEqualTo(2.5);
        assertThat(load.full()).isFalse();

        participants.set(10);
        assertThat(load.full()).isTrue();
        assertThat(load.getAsDouble()).isEqualTo(NodeLoad.AVOID + 2.5);

        participants.set(0);
        draining.set(true);
        assertThat(load.full()).isFalse();
        assertThat(load.getAsDouble()).isEqualTo(NodeLoad.AVOID + 2.5)
                .isLessThan(new NodeLoad(() -> 3.0, () -> true, () -> 0, 10).getAsDouble());
    }
}
