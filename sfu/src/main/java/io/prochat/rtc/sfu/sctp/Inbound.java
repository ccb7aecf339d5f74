package io.prochat.rtc.sfu.sctp;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The receiving half: which TSNs arrived (for the SACK), fragments waiting for the rest of their message, and ordered
 * messages waiting for their turn (RFC 9260 §6.2, §6.5, §6.9). TSNs are kept unwrapped to 64 bits relative to the
 * cumulative TSN, so comparisons are plain.
 *
 * <p>Bounded by the receive window: bytes held in fragments and waiting messages never exceed it by more than one
 * chunk (the chunk at the cumulative TSN + 1 is always taken, so the window cannot deadlock), and at most
 * {@link #MAX_TRACKED} TSNs above the cumulative one are remembered.
 */
final class Inbound {
    static final int MAX_TRACKED = 4096;
    /** Furthest ahead of the cumulative TSN a chunk may be: gap block offsets are 16 bits. */
    private static final int MAX_AHEAD = 65535;

    enum Result { NEW, DUPLICATE, DROPPED }

    private final int window;
    private final int maxMessage;
    private final int streamCount;
    private final SctpCounters counters;
    private long cumulative;
    private final TreeSet<Long> above = new TreeSet<>();
    private final TreeMap<Long, DataChunk> fragments = new TreeMap<>();
    private final Map<Integer, Stream> streams = new HashMap<>();
    private int held;

    /** One stream's ordered delivery: the next SSN and complete messages that arrived early. */
    private static final class Stream {
        int nextSsn;
        final TreeMap<Integer, SctpMessage> early = new TreeMap<>();
    }

    Inbound(int peerInitialTsn, int window, int maxMessage, int streamCount, SctpCounters counters) {
        this.cumulative = (peerInitialTsn - 1) & 0xFFFF_FFFFL;
        this.window = window;
        this.maxMessage = maxMessage;
        this.streamCount = streamCount;
        this.counters = counters;
    }

    int cumulativeTsn() {
        return (int) cumulative;
    }

    /** The a_rwnd to advertise. */
    int advertisedWindow() {
        return Math.max(0, window - held);
    }

    /** Bytes held in fragments and early messages. */
    int held() {
        return held;
    }

    /** TSNs remembered above the cumulative one. */
    int tracked() {
        return above.size();
    }

    boolean hasGaps() {
        return !above.isEmpty();
    }

    /** Takes one DATA chunk; complete messages that may now be delivered are added to {@code out}. */
    Result receive(DataChunk c, List<SctpMessage> out) {
        long tsn = unwrap(c.tsn());
        if (tsn <= cumulative || above.contains(tsn)) {
            counters.duplicateData.increment();
            return Result.DUPLICATE;
        }
        boolean next = tsn == cumulative + 1;
        if (tsn - cumulative > MAX_AHEAD
                || !next && (held + c.payload().length > window || above.size() >= MAX_TRACKED)) {
            counters.dataDropped.increment();
            return Result.DROPPED;
        }
        mark(tsn);
        if (c.stream() >= streamCount) {
            counters.dataDropped.increment(); // acked but discarded: §6.5 "invalid stream identifier"
            return Result.NEW;
        }
        fragments.put(tsn, c);
        held += c.payload().length;
        assemble(tsn, out);
        return Result.NEW;
    }

    /** RFC 3758 §3.6: skip to {@code newCumulative}, forgetting fragments up to it; ordered streams skip SSNs. */
    void forward(ForwardTsn f, List<SctpMessage> out) {
        long to = unwrap(f.newCumulativeTsn());
        if (to <= cumulative || to - cumulative > MAX_AHEAD) {
            return;
        }
        Iterator<Map.Entry<Long, DataChunk>> it = fragments.headMap(to, true).entrySet().iterator();
        while (it.hasNext()) {
            held -= it.next().getValue().payload().length;
            it.remove();
        }
        above.headSet(to, true).clear();
        cumulative = to;
        advance();
        int[] pairs = f.streamsAndSsns();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i] >= streamCount) {
                continue;
            }
            Stream s = stream(pairs[i]);
            int skipTo = (pairs[i + 1] + 1) & 0xFFFF;
            if (ssnAfter(skipTo, s.nextSsn)) {
                s.nextSsn = skipTo;
            }
            Iterator<Map.Entry<Integer, SctpMessage>> early = s.early.entrySet().iterator();
            while (early.hasNext()) {
                Map.Entry<Integer, SctpMessage> e = early.next();
                if (ssnAfter(s.nextSsn, e.getKey())) {
                    held -= e.getValue().data().length;
                    early.remove();
                }
            }
            deliverOrdered(s, out);
        }
    }

    /** RFC 6525 §5.2.2: the peer reset these outgoing streams (empty: all); their SSNs start again at 0. */
    void resetStreams(int[] ids) {
        if (ids.length == 0) {
            streams.values().forEach(s -> s.nextSsn = 0);
            return;
        }
        for (int id : ids) {
            Stream s = streams.get(id);
            if (s != null) {
                s.nextSsn = 0;
                s.early.values().forEach(m -> held -= m.data().length);
                s.early.clear();
            }
        }
    }

    /** Gap ack blocks for the SACK, offsets from the cumulative TSN. */
    int[] gapBlocks() {
        int[] blocks = new int[2 * Math.min(Sack.MAX_GAP_BLOCKS, above.size())];
        int n = 0;
        long start = -1;
        long prev = -1;
        for (long t : above) {
            if (start >= 0 && t == prev + 1) {
                prev = t;
                continue;
            }
            if (start >= 0) {
                if (n == blocks.length) {
                    break;
                }
                blocks[n++] = (int) (start - cumulative);
                blocks[n++] = (int) (prev - cumulative);
            }
            start = t;
            prev = t;
        }
        if (start >= 0 && n < blocks.length) {
            blocks[n++] = (int) (start - cumulative);
            blocks[n++] = (int) (prev - cumulative);
        }
        return n == blocks.length ? blocks : java.util.Arrays.copyOf(blocks, n);
    }

    private long unwrap(int tsn) {
        return cumulative + (int) (tsn - (int) cumulative);
    }

    private void mark(long tsn) {
        above.add(tsn);
        advance();
    }

    private void advance() {
        while (!above.isEmpty() && above.first() == cumulative + 1) {
            cumulative = above.pollFirst();
        }
    }

    /** Finds the message around {@code tsn}; when all its fragments are here, hands it on. */
    private void assemble(long tsn, List<SctpMessage> out) {
        DataChunk c = fragments.get(tsn);
        long first = tsn;
        while (!fragments.get(first).beginning()) {
            DataChunk prev = fragments.get(first - 1);
            if (prev == null || !sameMessage(prev, c)) {
                return;
            }
            first--;
        }
        long last = tsn;
        while (!fragments.get(last).ending()) {
            DataChunk nextChunk = fragments.get(last + 1);
            if (nextChunk == null || !sameMessage(nextChunk, c)) {
                return;
            }
            last++;
        }
        long size = 0;
        for (long t = first; t <= last; t++) {
            size += fragments.get(t).payload().length;
        }
        byte[] data = size <= maxMessage ? new byte[(int) size] : null;
        int p = 0;
        int ppid = fragments.get(first).ppid();
        for (long t = first; t <= last; t++) {
            DataChunk f = fragments.remove(t);
            held -= f.payload().length;
            if (data != null) {
                System.arraycopy(f.payload(), 0, data, p, f.payload().length);
                p += f.payload().length;
            }
        }
        if (data == null) {
            counters.dataDropped.increment(); // larger than our a=max-message-size
            return;
        }
        SctpMessage m = new SctpMessage(c.stream(), ppid, c.unordered(), data);
        if (c.unordered()) {
            counters.messagesReceived.increment();
            out.add(m);
            return;
        }
        Stream s = stream(c.stream());
        if (ssnAfter(s.nextSsn, c.ssn())) {
            counters.duplicateData.increment(); // an SSN we already delivered or skipped
            return;
        }
        held += data.length;
        s.early.put(c.ssn(), m);
        deliverOrdered(s, out);
    }

    private void deliverOrdered(Stream s, List<SctpMessage> out) {
        SctpMessage m;
        while ((m = s.early.remove(s.nextSsn)) != null) {
            held -= m.data().length;
            s.nextSsn = (s.nextSsn + 1) & 0xFFFF;
            counters.messagesReceived.increment();
            out.add(m);
        }
    }

    private Stream stream(int id) {
        return streams.computeIfAbsent(id, k -> new Stream());
    }

    private static boolean sameMessage(DataChunk a, DataChunk b) {
        return a.stream() == b.stream() && a.unordered() == b.unordered() && (a.unordered() || a.ssn() == b.ssn());
    }

    /** 16-bit serial number arithmetic: is {@code a} after {@code b}? */
    private static boolean ssnAfter(int a, int b) {
        return a != b && ((a - b) & 0xFFFF) < 0x8000;
    }
}
