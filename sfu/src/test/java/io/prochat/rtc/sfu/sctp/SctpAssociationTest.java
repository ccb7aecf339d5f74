package io.prochat.rtc.sfu.sctp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SctpAssociationTest {
    private static byte[] payload(int size, int seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void setUpAndSmallMessagesBothWays() {
        SctpPair p = new SctpPair().connected();
        assertEquals(1, p.ra.connected);
        assertEquals(1, p.rb.connected);
        assertTrue(p.a.send(1, 51, "hello".getBytes(), false, -1, -1, p.now));
        assertTrue(p.b.send(1, 53, new byte[] {1, 2, 3}, false, -1, -1, p.now));
        p.run();
        assertEquals(1, p.rb.messages.size());
        assertEquals("hello", new String(p.rb.messages.get(0).data()));
        assertEquals(51, p.rb.messages.get(0).ppid());
        assertArrayEquals(new byte[] {1, 2, 3}, p.ra.messages.get(0).data());
        assertEquals(0, p.a.bufferedBytes());
        assertEquals(0, p.a.counters().rejected() + p.b.counters().rejected(), p.a.counters() + " " + p.b.counters());
    }

    @Test
    void largeMessagesAreFragmentedAndReassembledInOrder() {
        SctpPair p = new SctpPair().connected();
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            byte[] m = payload(i % 2 == 0 ? SctpConfig.MAX_MESSAGE_SIZE : 17_000 + i, i);
            sent.add(m);
            assertTrue(p.a.send(3, 53, m, false, -1, -1, p.now));
            assertTrue(p.b.send(2, 53, m, i % 3 == 0, -1, -1, p.now));
        }
        p.run(Duration.ofSeconds(30));
        assertEquals(20, p.rb.messages.size());
        assertEquals(20, p.ra.messages.size());
        for (int i = 0; i < 20; i++) {
            assertArrayEquals(sent.get(i), p.rb.messages.get(i).data(), "message " + i);
        }
        assertEquals(0, p.a.counters().retransmissions());
    }

    @Test
    void messageLargerThanMaxIsRefused() {
        SctpPair p = new SctpPair().connected();
        assertFalse(p.a.send(1, 53, new byte[SctpConfig.MAX_MESSAGE_SIZE + 1], false, -1, -1, p.now));
        assertFalse(p.a.send(1, 53, new byte[0], false, -1, -1, p.now));
        assertFalse(p.a.send(5000, 53, new byte[1], false, -1, -1, p.now), "stream beyond the negotiated count");
    }

    @Test
    void lossIsRepairedByRetransmission() {
        SctpPair p = new SctpPair().connected();
        Random loss = new Random(7);
        p.dropAtoB = pkt -> loss.nextInt(10) == 0;
        p.dropBtoA = pkt -> loss.nextInt(10) == 0;
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            byte[] m = payload(i % 10 == 0 ? 40_000 : 10 + i, i);
            sent.add(m);
            assertTrue(p.a.send(i % 4, 53, m, false, -1, -1, p.now));
            if (i % 50 == 0) {
                p.run(Duration.ofMillis(5));
            }
        }
        p.run(Duration.ofSeconds(120));
        assertEquals(300, p.rb.messages.size(), p.a.counters().toString());
        int[] index = new int[4];
        List<List<byte[]>> perStream = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>());
        for (int i = 0; i < 300; i++) {
            perStream.get(i % 4).add(sent.get(i));
        }
        for (SctpMessage m : p.rb.messages) {
            assertArrayEquals(perStream.get(m.stream()).get(index[m.stream()]++), m.data());
        }
        assertTrue(p.a.counters().retransmissions() > 0);
        assertEquals(0, p.a.bufferedBytes());
    }

    @Test
    void lossOfTheHandshakeIsRepaired() {
        SctpPair p = new SctpPair();
        int[] n = {0};
        p.dropAtoB = pkt -> n[0]++ < 2; // the first INIT and the first COOKIE ECHO
        p.a.connect(p.now);
        p.run(Duration.ofSeconds(10));
        assertEquals(SctpAssociation.State.ESTABLISHED, p.a.state());
        assertEquals(SctpAssociation.State.ESTABLISHED, p.b.state());
    }

    @Test
    void crossingInitsMakeOneAssociation() {
        SctpPair p = new SctpPair();
        p.a.connect(p.now);
        p.b.connect(p.now);
        p.run();
        assertEquals(SctpAssociation.State.ESTABLISHED, p.a.state());
        assertEquals(SctpAssociation.State.ESTABLISHED, p.b.state());
        assertTrue(p.a.send(0, 51, "x".getBytes(), false, -1, -1, p.now));
        assertTrue(p.b.send(0, 51, "y".getBytes(), false, -1, -1, p.now));
        p.run();
        assertEquals(1, p.ra.messages.size());
        assertEquals(1, p.rb.messages.size());
    }

    @Test
    void streamResetFromEitherSide() {
        SctpPair p = new SctpPair().connected();
        assertTrue(p.a.send(1, 51, "before".getBytes(), false, -1, -1, p.now));
        assertTrue(p.a.resetStreams(new int[] {1}, p.now));
        p.run();
        assertEquals(1, p.rb.incomingResets.size());
        assertArrayEquals(new int[] {1}, p.rb.incomingResets.get(0));
        assertArrayEquals(new int[] {1}, p.ra.outgoingResets.get(0));
        assertEquals("before", new String(p.rb.messages.get(0).data()), "data queued before the reset arrives first");
        // B closes its side of the same stream, as RFC 8831 §6.7 asks
        assertTrue(p.b.resetStreams(new int[] {1}, p.now));
        p.run();
        assertArrayEquals(new int[] {1}, p.ra.incomingResets.get(0));
        // the stream id can be used again: SSNs start from 0 on both sides
        assertTrue(p.a.send(1, 51, "again".getBytes(), false, -1, -1, p.now));
        p.run();
        assertEquals("again", new String(p.rb.messages.get(1).data()));
    }

    @Test
    void streamResetWaitsForMissingData() {
        SctpPair p = new SctpPair().connected();
        int[] dropped = {0};
        p.dropAtoB = pkt -> pkt.length > 100 && dropped[0]++ == 0; // loses the data, not the RE-CONFIG
        assertTrue(p.a.send(1, 53, new byte[500], false, -1, -1, p.now));
        assertTrue(p.a.resetStreams(new int[] {1}, p.now));
        p.run(Duration.ofSeconds(10));
        assertEquals(1, p.rb.messages.size());
        assertEquals(1, p.rb.incomingResets.size());
        assertEquals(1, p.ra.outgoingResets.size());
    }

    @Test
    void shutdown() {
        SctpPair p = new SctpPair().connected();
        assertTrue(p.a.send(0, 53, new byte[5000], false, -1, -1, p.now));
        p.a.shutdown(p.now);
        p.run();
        assertEquals(1, p.rb.messages.size());
        assertEquals(SctpAssociation.State.TERMINATED, p.a.state());
        assertEquals(SctpAssociation.State.TERMINATED, p.b.state());
        assertEquals(Boolean.FALSE, p.ra.closedAborted);
        assertEquals(Boolean.FALSE, p.rb.closedAborted);
    }

    @Test
    void abort() {
        SctpPair p = new SctpPair().connected();
        p.b.abort(p.now);
        p.run();
        assertEquals(Boolean.TRUE, p.ra.closedAborted);
        assertEquals(Boolean.TRUE, p.rb.closedAborted);
        assertFalse(p.a.send(0, 51, "x".getBytes(), false, -1, -1, p.now));
    }

    @Test
    void deadPeerEndsTheAssociation() {
        SctpPair p = new SctpPair().connected();
        p.dropAtoB = pkt -> true;
        assertTrue(p.a.send(0, 51, "x".getBytes(), false, -1, -1, p.now));
        p.run(Duration.ofMinutes(10));
        assertEquals(Boolean.TRUE, p.ra.closedAborted);
        assertEquals(SctpAssociation.State.TERMINATED, p.a.state());
    }

    @Test
    void unreliableMessagesAreAbandonedAndSkipped() {
        SctpPair p = new SctpPair().connected();
        int[] n = {0};
        p.dropAtoB = pkt -> pkt.length > 1000 && n[0]++ < 50; // every transmission of the big message is lost
        assertTrue(p.a.send(2, 53, new byte[3000], false, 1, -1, p.now));
        assertTrue(p.a.send(2, 51, "after".getBytes(), false, 1, -1, p.now));
        p.run(Duration.ofSeconds(20));
        assertEquals(1, p.rb.messages.size());
        assertEquals("after", new String(p.rb.messages.get(0).data()));
        assertEquals(1, p.a.counters().abandonedMessages());
        assertEquals(0, p.a.bufferedBytes());
    }

    @Test
    void sendBufferIsBounded() {
        SctpPair p = new SctpPair().connected();
        int accepted = 0;
        while (p.a.send(0, 53, new byte[100_000], false, -1, -1, p.now)) {
            accepted++;
        }
        assertTrue(accepted * 100_000 <= SctpConfig.defaults().sendBuffer());
        p.run(Duration.ofSeconds(60));
        assertEquals(accepted, p.rb.messages.size());
        assertTrue(p.a.send(0, 53, new byte[100_000], false, -1, -1, p.now), "room again once acked");
    }

    @Test
    void corruptedAndForeignPacketsAreCounted() {
        SctpPair p = new SctpPair().connected();
        assertTrue(p.a.send(0, 51, "x".getBytes(), false, -1, -1, p.now));
        byte[] data = p.sentByA.get(p.sentByA.size() - 1).clone();
        byte[] bad = data.clone();
        bad[bad.length - 1] ^= 1;
        p.b.receive(bad, 0, bad.length, p.now);
        assertEquals(1, p.b.counters().badChecksum());
        byte[] foreign = data.clone();
        foreign[4] ^= 1; // another verification tag, checksum fixed up
        int crc = SctpPacket.checksum(foreign, 0, foreign.length);
        foreign[8] = (byte) crc;
        foreign[9] = (byte) (crc >>> 8);
        foreign[10] = (byte) (crc >>> 16);
        foreign[11] = (byte) (crc >>> 24);
        p.b.receive(foreign, 0, foreign.length, p.now);
        assertEquals(1, p.b.counters().badVerificationTag());
    }
}
