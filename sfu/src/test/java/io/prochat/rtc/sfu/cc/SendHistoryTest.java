package io.prochat.rtc.sfu.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SendHistoryTest {
    /** Records {@code count} packets from {@code first} at {@code perSecond}, starting at {@code startMicros}. */
    private static long send(SendHistory h, long first, int count, int perSecond, long startMicros) {
        long t = startMicros;
        for (int i = 0; i < count; i++) {
            t = startMicros + i * 1_000_000L / perSecond;
            h.record(first + i, t, 200 + (int) ((first + i) % 100));
        }
        return t;
    }

    @Test
    void anAudioListenersRateKeepsTheSmallRing() {
        SendHistory h = new SendHistory();
        send(h, 0, 1000, 100, 0); // 10 s of 2 Opus streams
        assertEquals(SendHistory.INITIAL_CAPACITY, h.capacity());
        long seq = h.find(999 & 0xFFFF);
        assertEquals(999, seq);
        assertEquals(9_990_000, h.sendMicros(seq));
        assertEquals(-1, h.find((999 - SendHistory.INITIAL_CAPACITY) & 0xFFFF), "overwritten: too old");
    }

    @Test
    void aBusyReceiverGrowsTheRingToHoldHalfASecond() {
        SendHistory h = new SendHistory();
        long last = send(h, 0, 3200, 1600, 0); // 2 s of a camera huddle's busiest receiver
        assertEquals(SendHistory.MAX_CAPACITY, h.capacity());
        long halfASecondAgo = 3199 - 800;
        long seq = h.find((int) halfASecondAgo & 0xFFFF);
        assertEquals(halfASecondAgo, seq);
        assertEquals(last - 500_000, h.sendMicros(seq), 1);
        assertEquals(200 + (int) (halfASecondAgo % 100), h.size(seq));
    }

    @Test
    void growingKeepsWhatWasRecordedAndAcknowledged() {
        SendHistory h = new SendHistory();
        send(h, 0, SendHistory.INITIAL_CAPACITY, 1000, 0);
        h.acknowledge(100);
        h.record(SendHistory.INITIAL_CAPACITY, 256_000, 300); // overwrites a 0.256 s old entry: grows
        assertEquals(2 * SendHistory.INITIAL_CAPACITY, h.capacity());
        assertEquals(100, h.find(100));
        assertEquals(100_000, h.sendMicros(100));
        assertTrue(h.acknowledged(100));
        assertFalse(h.acknowledged(101));
        assertEquals(SendHistory.INITIAL_CAPACITY, h.find(SendHistory.INITIAL_CAPACITY));
        assertEquals(0, h.find(0), "the first entry survived the growth");
    }

    @Test
    void noRingUntilTheFirstPacket() {
        SendHistory h = new SendHistory();
        assertEquals(0, h.capacity(), "an audio-only receiver is never numbered: it holds no ring");
        assertEquals(-1, h.find(0));
        h.record(0, 1000, 200);
        assertEquals(SendHistory.INITIAL_CAPACITY, h.capacity());
        assertEquals(0, h.find(0));
    }
}

