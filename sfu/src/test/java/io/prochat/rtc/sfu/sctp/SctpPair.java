package io.prochat.rtc.sfu.sctp;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Two associations wired back to back through an in-memory wire with a fake clock. Packets are queued, never
 * delivered from inside a call, as a real network would; a drop filter per direction simulates loss.
 */
final class SctpPair {
    static final long MS = 1_000_000L;

    /** Records what one side's listener saw. */
    static final class Recorder implements SctpAssociation.Listener {
        final List<SctpMessage> messages = Collections.synchronizedList(new ArrayList<>());
        final List<int[]> incomingResets = new ArrayList<>();
        final List<int[]> outgoingResets = new ArrayList<>();
        int connected;
        Boolean closedAborted;

        @Override
        public void onConnected() {
            connected++;
        }

        @Override
        public void onMessage(SctpMessage message) {
            messages.add(message);
        }

        @Override
        public void onIncomingStreamsReset(int[] streams) {
            incomingResets.add(streams);
        }

        @Override
        public void onOutgoingStreamsReset(int[] streams) {
            outgoingResets.add(streams);
        }

        @Override
        public void onClosed(boolean aborted) {
            closedAborted = aborted;
        }
    }

    private record InFlight(boolean toB, byte[] packet) {
    }

    long now = 1_000 * MS;
    final Recorder ra = new Recorder();
    final Recorder rb = new Recorder();
    final SctpAssociation a;
    final SctpAssociation b;
    final List<byte[]> sentByA = new ArrayList<>();
    private final ArrayDeque<InFlight> wire = new ArrayDeque<>();
    Predicate<byte[]> dropAtoB = p -> false;
    Predicate<byte[]> dropBtoA = p -> false;

    SctpPair(SctpConfig config, long seed) {
        Random random = new Random(seed);
        a = new SctpAssociation(config, p -> {
            sentByA.add(p);
            wire.add(new InFlight(true, p));
        }, ra, random);
        b = new SctpAssociation(config, p -> wire.add(new InFlight(false, p)), rb, random);
    }

    SctpPair() {
        this(SctpConfig.defaults(), 1);
    }

    /** A connects, B answers; returns once both are up. */
    SctpPair connected() {
        a.connect(now);
        run(Duration.ofSeconds(1));
        if (a.state() != SctpAssociation.State.ESTABLISHED || b.state() != SctpAssociation.State.ESTABLISHED) {
            throw new AssertionError("not established: " + a.state() + " " + b.state());
        }
        return this;
    }

    /** Delivers packets and fires timers until nothing happens before {@code now + d}. */
    void run(Duration d) {
        long end = now + d.toNanos();
        while (true) {
            while (!wire.isEmpty()) {
                InFlight f = wire.poll();
                if (f.toB()) {
                    if (!dropAtoB.test(f.packet())) {
                        b.receive(f.packet(), 0, f.packet().length, now);
                    }
                } else if (!dropBtoA.test(f.packet())) {
                    a.receive(f.packet(), 0, f.packet().length, now);
                }
            }
            long next = Math.min(a.nextTimeoutNanos(), b.nextTimeoutNanos());
            if (next > end) {
                now = end;
                return;
            }
            now = Math.max(now, next);
            a.handleTimeout(now);
            b.handleTimeout(now);
        }
    }

    void run() {
        run(Duration.ofSeconds(5));
    }
}
