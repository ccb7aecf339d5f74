package io.prochat.rtc.gateway.cluster;

import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;

/**
 * What an SFU node answers the Calls plugin as {@code GET /system}'s {@code cpu_load}. The plugin sends each new call
 * to the host with the lowest value (rtcd.md §1, §2.6), so this is how a node's drain and {@code [Cluster] Capacity}
 * reach the plugin's choice: a draining or full node reports {@link #AVOID} plus its CPU figure, above any real one
 * (rtcd's figure is elapsed / idle seconds: 1 per core when idle, a few hundred when nearly saturated), so any node
 * that can take a call is preferred, and the least busy of several refusing ones still sorts first. Otherwise it is
 * the CPU figure alone, as rtcd's.
 */
public final class NodeLoad implements DoubleSupplier {
    /** Far above a real {@code cpu_load}, and still exact in a double when a CPU figure is added. */
    public static final double AVOID = 1_000_000;

    private final DoubleSupplier cpu;
    private final BooleanSupplier draining;
    private final IntSupplier participants;
    private final int capacity;

    public NodeLoad(DoubleSupplier cpu, BooleanSupplier draining, IntSupplier participants, int capacity) {
        this.cpu = cpu;
        this.draining = draining;
        this.participants = participants;
        this.capacity = capacity;
    }

    /** At or past {@code [Cluster] Capacity}: new calls are refused here (joins into running ones go on). */
    public boolean full() {
        return participants.getAsInt() >= capacity;
    }

    @Override
    public double getAsDouble() {
        double c = cpu.getAsDouble();
        return draining.getAsBoolean() || full() ? AVOID + c : c;
    }
}
