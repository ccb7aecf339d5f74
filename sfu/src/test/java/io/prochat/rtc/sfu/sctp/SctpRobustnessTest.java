package io.prochat.rtc.sfu.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Random and mutated packets into a fresh (passive) and an established association: nothing throws, nothing grows
 * past its bound, and the established one still works afterwards. Fixed seed, bounded iterations.
 */
class SctpRobustnessTest {
    private static final int ITERATIONS = 60_000;

    @Test
    void randomAndMutatedPacketsAreDroppedAndCounted() {
        SctpPair p = new SctpPair().connected();
        // a corpus of real packets: data (small, fragmented, unordered), SACKs, a stream reset, heartbeat-free
        for (int i = 0; i < 20; i++) {
            p.a.send(i % 3, 53, new byte[i * 700 + 1], i % 2 == 0, -1, -1, p.now);
        }
        p.a.resetStreams(new int[] {2}, p.now);
        p.run(Duration.ofSeconds(2));
        List<byte[]> corpus = new ArrayList<>(p.sentByA);
        SctpPair fresh = new SctpPair(SctpConfig.defaults(), 9);
        fresh.a.connect(fresh.now);
        corpus.add(fresh.sentByA.get(0)); // an INIT

        SctpAssociation passive = new SctpAssociation(SctpConfig.defaults(), pkt -> { }, new SctpPair.Recorder(),
                new Random(3));
        Random r = new Random(12345);
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] pkt = mutate(corpus.get(r.nextInt(corpus.size())), r);
            if (r.nextBoolean()) {
                fixChecksum(pkt);
            }
            // half go in with the established association's tag, so they reach chunk processing
            if (pkt.length >= 12 && r.nextInt(4) != 0) {
                int tag = r.nextBoolean() ? 0 : Bytes.i32(p.sentByA.get(p.sentByA.size() - 1), 4);
                Bytes.put32(pkt, 4, tag);
                fixChecksum(pkt);
            }
            p.b.receive(pkt, 0, pkt.length, p.now);
            passive.receive(pkt, 0, pkt.length, p.now + i);
            if (i % 1000 == 0) {
                p.b.handleTimeout(p.now);
            }
            assertTrue(p.b.receiveHeldBytes() <= SctpConfig.defaults().receiveWindow() + 1200);
            assertTrue(p.b.receiveTrackedTsns() <= Inbound.MAX_TRACKED);
        }
        assertEquals(0, p.b.counters().internalErrors(), p.b.counters().toString());
        assertEquals(0, passive.counters().internalErrors(), passive.counters().toString());
        assertTrue(p.b.counters().rejected() > ITERATIONS / 4, p.b.counters().toString());
    }

    @Test
    void randomBytes() {
        SctpAssociation passive = new SctpAssociation(SctpConfig.defaults(), pkt -> { }, new SctpPair.Recorder(),
                new Random(3));
        Random r = new Random(99);
        for (int i = 0; i < 20_000; i++) {
            byte[] pkt = new byte[r.nextInt(1300)];
            r.nextBytes(pkt);
            if (pkt.length >= 12 && r.nextBoolean()) {
                Bytes.put16(pkt, 0, 5000);
                Bytes.put16(pkt, 2, 5000);
                fixChecksum(pkt);
            }
            passive.receive(pkt, 0, pkt.length, i);
        }
        assertEquals(0, passive.counters().internalErrors());
        assertEquals(SctpAssociation.State.CLOSED, passive.state());
    }

    @Test
    void initFloodCostsNoState() {
        SctpPair fresh = new SctpPair(SctpConfig.defaults(), 4);
        fresh.a.connect(fresh.now);
        byte[] init = fresh.sentByA.get(0);
        int[] answers = {0};
        SctpAssociation passive = new SctpAssociation(SctpConfig.defaults(), pkt -> answers[0]++,
                new SctpPair.Recorder(), new Random(3));
        for (int i = 0; i < 10_000; i++) {
            passive.receive(init, 0, init.length, i);
        }
        assertEquals(10_000, passive.counters().initsAnswered());
        assertEquals(10_000, answers[0]);
        assertEquals(SctpAssociation.State.CLOSED, passive.state());
        assertEquals(Long.MAX_VALUE, passive.nextTimeoutNanos());
    }

    private static byte[] mutate(byte[] original, Random r) {
        byte[] b = original.clone();
        switch (r.nextInt(5)) {
            case 0 -> {
                for (int n = 1 + r.nextInt(4); n > 0; n--) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length + 1));
            case 2 -> {
                int at = 12 + r.nextInt(Math.max(1, b.length - 12));
                if (at < b.length) {
                    b[at] = (byte) r.nextInt(256);
                }
            }
            case 3 -> {
                if (b.length > 16) { // a chunk length or a field inside the first chunk
                    Bytes.put16(b, 14 + 2 * r.nextInt(Math.min(8, (b.length - 16) / 2)), r.nextInt(65536));
                }
            }
            default -> {
                byte[] bigger = java.util.Arrays.copyOf(b, b.length + r.nextInt(64));
                for (int i = b.length; i < bigger.length; i++) {
                    bigger[i] = (byte) r.nextInt(256);
                }
                b = bigger;
            }
        }
        return b;
    }

    private static void fixChecksum(byte[] b) {
        if (b.length < 12) {
            return;
        }
        int crc = SctpPacket.checksum(b, 0, b.length);
        b[8] = (byte) crc;
        b[9] = (byte) (crc >>> 8);
        b[10] = (byte) (crc >>> 16);
        b[11] = (byte) (crc >>> 24);
    }
}
