package io.prochat.rtc.sfu.sctp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The sending half: messages cut into fragments, TSNs and SSNs assigned when a fragment first leaves, the SACK
 * bookkeeping, congestion control (RFC 9260 §7.2), the RTO (§6.3) and T3-rtx, fast retransmit (§7.2.4) and, when the
 * peer supports it, abandoning messages past their retransmission or lifetime limit (RFC 3758 §3.5).
 *
 * <p>SSNs are assigned on first transmission, not on {@link #enqueue}, so a message that expires before any of it
 * was sent leaves no hole in its stream's SSN sequence. Bounded by {@code sendBuffer} bytes and
 * {@link #MAX_FRAGMENTS} fragments.
 */
final class Outbound {
    static final int MAX_FRAGMENTS = 16384;

    private static final class Message {
        final int stream;
        final int ppid;
        final boolean unordered;
        final int maxRetransmits;
        final long expiresAt;
        int ssn;
        boolean abandoned;

        Message(int stream, int ppid, boolean unordered, int maxRetransmits, long expiresAt) {
            this.stream = stream;
            this.ppid = ppid;
            this.unordered = unordered;
            this.maxRetransmits = maxRetransmits;
            this.expiresAt = expiresAt;
        }
    }

    private static final class Fragment {
        final Message message;
        final byte[] payload;
        final boolean beginning;
        final boolean ending;
        int tsn;
        int sends;
        boolean acked;
        boolean inFlight;
        boolean marked;
        boolean abandoned;
        int misses;

        Fragment(Message message, byte[] payload, boolean beginning, boolean ending) {
            this.message = message;
            this.payload = payload;
            this.beginning = beginning;
            this.ending = ending;
        }

        Chunk toChunk() {
            Message m = message;
            return new DataChunk(tsn, m.stream, m.unordered ? 0 : m.ssn, m.ppid, m.unordered, beginning, ending,
                    payload).toChunk();
        }
    }

    private final SctpConfig config;
    private final SctpCounters counters;
    private final int mtu;
    private final int maxPayload;
    private final ArrayDeque<Fragment> unsent = new ArrayDeque<>();
    /** Every TSN from {@link #cumulativeAck} + 1 to {@link #nextTsn} - 1, in order. */
    private final ArrayDeque<Fragment> outstanding = new ArrayDeque<>();
    private final Map<Integer, Integer> nextSsn = new HashMap<>();
    private boolean partialReliability;
    private int nextTsn;
    private int cumulativeAck;
    private int buffered;
    private int flight;
    private int cwnd;
    private int ssthresh;
    private int partialBytesAcked;
    private int peerWindow;
    private boolean fastRecovery;
    private int fastRecoveryExit;
    private long srtt = -1;
    private long rttvar;
    private long rto;
    private boolean rttPending;
    private int rttTsn;
    private long rttSentAt;
    private long t3 = Long.MAX_VALUE;
    private int consecutiveTimeouts;

    Outbound(SctpConfig config, SctpCounters counters, int initialTsn) {
        this.config = config;
        this.counters = counters;
        this.mtu = config.mtu();
        this.maxPayload = mtu - SctpPacket.HEADER - Chunk.HEADER - DataChunk.HEADER;
        this.nextTsn = initialTsn;
        this.cumulativeAck = initialTsn - 1;
        this.cwnd = Math.min(4 * mtu, Math.max(2 * mtu, 4380)); // §7.2.1
        this.rto = config.rtoInitial().toNanos();
    }

    /** Called once the peer's INIT or INIT ACK is known. */
    void peer(int advertisedWindow, boolean partialReliability) {
        this.peerWindow = advertisedWindow;
        this.ssthresh = advertisedWindow;
        this.partialReliability = partialReliability;
    }

    /**
     * Queues a message; false when the send buffer is full. {@code maxRetransmits} &lt; 0 and {@code lifetimeNanos}
     * &lt; 0 mean no limit; both are ignored when the peer does not support FORWARD TSN.
     */
    boolean enqueue(int stream, int ppid, byte[] data, boolean unordered, int maxRetransmits, long lifetimeNanos,
            long now) {
        int fragments = (data.length + maxPayload - 1) / maxPayload;
        if (data.length == 0 || buffered + data.length > config.sendBuffer()
                || unsent.size() + outstanding.size() + fragments > MAX_FRAGMENTS) {
            return false;
        }
        long expires = lifetimeNanos < 0 || !partialReliability ? Long.MAX_VALUE : now + lifetimeNanos;
        Message m = new Message(stream, ppid, unordered, partialReliability ? maxRetransmits : -1, expires);
        for (int off = 0; off < data.length; off += maxPayload) {
            int len = Math.min(maxPayload, data.length - off);
            byte[] part = new byte[len];
            System.arraycopy(data, off, part, 0, len);
            unsent.add(new Fragment(m, part, off == 0, off + len == data.length));
        }
        buffered += data.length;
        counters.messagesSent.increment();
        return true;
    }

    /** Chunks to send now: retransmissions first, then new data, within the congestion and peer windows. */
    List<Chunk> collect(long now) {
        List<Chunk> out = new ArrayList<>();
        for (Fragment f : outstanding) {
            if (!f.marked) {
                continue;
            }
            if (flight > 0 && flight + f.payload.length > cwnd) {
                break;
            }
            f.marked = false;
            f.sends++;
            f.inFlight = true;
            flight += f.payload.length;
            counters.retransmissions.increment();
            out.add(f.toChunk());
        }
        while (!unsent.isEmpty()) {
            Fragment f = unsent.peek();
            Message m = f.message;
            if (f.beginning && !m.abandoned && now >= m.expiresAt) {
                abandon(m); // nothing of it left yet: dropped without a trace on the wire
            }
            if (m.abandoned) {
                unsent.poll();
                buffered -= f.payload.length;
                continue;
            }
            int len = f.payload.length;
            if (flight > 0 && (flight + len > cwnd || len > peerWindow)) {
                break;
            }
            unsent.poll();
            f.tsn = nextTsn++;
            if (f.beginning && !m.unordered) {
                int ssn = nextSsn.getOrDefault(m.stream, 0);
                m.ssn = ssn;
                nextSsn.put(m.stream, (ssn + 1) & 0xFFFF);
            }
            f.sends = 1;
            f.inFlight = true;
            flight += len;
            peerWindow = Math.max(0, peerWindow - len);
            if (!rttPending) {
                rttPending = true;
                rttTsn = f.tsn;
                rttSentAt = now;
            }
            outstanding.add(f);
            out.add(f.toChunk());
        }
        if (!out.isEmpty() && t3 == Long.MAX_VALUE) {
            t3 = now + rto;
        }
        return out;
    }

    /** Processes a SACK (§6.2.1 receiver side of it, §7.2). False when it acks TSNs we never sent. */
    boolean onSack(Sack s, long now) {
        int cum = s.cumulativeTsnAck();
        if (cum - cumulativeAck < 0) {
            return true; // older than one we saw: out of order, ignored (§6.2.1 D)
        }
        if (cum - (nextTsn - 1) > 0) {
            return false;
        }
        int bytesAcked = 0;
        boolean advanced = cum != cumulativeAck;
        while (!outstanding.isEmpty() && outstanding.peek().tsn - cum <= 0) {
            Fragment f = outstanding.poll();
            if (!f.acked && !f.abandoned) {
                bytesAcked += f.payload.length;
                measure(f, now);
            }
            if (f.inFlight) {
                flight -= f.payload.length;
            }
            buffered -= f.payload.length;
        }
        cumulativeAck = cum;
        int[] blocks = s.gapBlocks();
        int highestNewlyAcked = cum;
        boolean anyNewGapAck = false;
        int b = 0;
        for (Fragment f : outstanding) {
            int offset = f.tsn - cum;
            while (b < blocks.length && blocks[b + 1] < offset) {
                b += 2;
            }
            if (b >= blocks.length) {
                break;
            }
            if (offset >= blocks[b] && !f.acked) {
                f.acked = true;
                f.marked = false;
                if (f.inFlight) {
                    f.inFlight = false;
                    flight -= f.payload.length;
                }
                if (!f.abandoned) {
                    bytesAcked += f.payload.length;
                    measure(f, now);
                }
                highestNewlyAcked = f.tsn;
                anyNewGapAck = true;
            }
        }
        if (anyNewGapAck) {
            countMisses(highestNewlyAcked, now);
        }
        if (fastRecovery && cumulativeAck - fastRecoveryExit >= 0) {
            fastRecovery = false;
        }
        if (advanced && !fastRecovery) {
            if (cwnd <= ssthresh) {
                cwnd += Math.min(bytesAcked, mtu);
            } else {
                partialBytesAcked += bytesAcked;
                if (partialBytesAcked >= cwnd) {
                    partialBytesAcked -= cwnd;
                    cwnd += mtu;
                }
            }
        }
        peerWindow = Math.max(0, s.advertisedWindow() - flight);
        if (advanced) {
            consecutiveTimeouts = 0;
        }
        if (outstanding.isEmpty()) {
            t3 = Long.MAX_VALUE;
        } else if (advanced || t3 == Long.MAX_VALUE) {
            t3 = now + rto;
        }
        return true;
    }

    /** §7.2.4: three SACKs reporting a TSN missing below newly acked ones mark it for fast retransmission. */
    private void countMisses(int highestNewlyAcked, long now) {
        boolean marked = false;
        for (Fragment f : outstanding) {
            if (f.tsn - highestNewlyAcked >= 0) {
                break;
            }
            if (!f.acked && !f.abandoned && !f.marked && ++f.misses == 3) {
                f.misses = 0;
                if (exhausted(f, now)) {
                    abandon(f.message);
                    continue;
                }
                markForRetransmission(f);
                counters.fastRetransmissions.increment();
                marked = true;
            }
        }
        if (marked && !fastRecovery) {
            ssthresh = Math.max(cwnd / 2, 4 * mtu);
            cwnd = ssthresh;
            partialBytesAcked = 0;
            fastRecovery = true;
            fastRecoveryExit = nextTsn - 1;
        }
    }

    long t3Deadline() {
        return t3;
    }

    /** T3-rtx expired (§6.3.3): back off, collapse the window, mark everything outstanding for retransmission. */
    void onT3(long now) {
        counters.timeouts.increment();
        consecutiveTimeouts++;
        rto = Math.min(rto * 2, config.rtoMax().toNanos());
        ssthresh = Math.max(cwnd / 2, 4 * mtu);
        cwnd = mtu;
        partialBytesAcked = 0;
        fastRecovery = false;
        rttPending = false;
        for (Fragment f : outstanding) {
            if (f.acked || f.abandoned || f.marked) {
                continue;
            }
            if (exhausted(f, now)) {
                abandon(f.message);
            } else {
                markForRetransmission(f);
            }
        }
        t3 = outstanding.isEmpty() ? Long.MAX_VALUE : now + rto;
    }

    /** Consecutive T3 expiries without progress; the association gives up past {@code maxRetransmissions}. */
    int consecutiveTimeouts() {
        return consecutiveTimeouts;
    }

    /**
     * RFC 3758 §3.5 C1-C3: the FORWARD TSN to send when abandoned messages sit at the front of the outstanding queue,
     * else null.
     */
    ForwardTsn forwardTsn() {
        int point = cumulativeAck;
        Map<Integer, Integer> ssns = new HashMap<>();
        for (Fragment f : outstanding) {
            if (!f.abandoned) {
                break;
            }
            point = f.tsn;
            if (!f.message.unordered) {
                ssns.put(f.message.stream, f.message.ssn);
            }
        }
        if (point == cumulativeAck) {
            return null;
        }
        int[] pairs = new int[2 * ssns.size()];
        int i = 0;
        for (Map.Entry<Integer, Integer> e : ssns.entrySet()) {
            pairs[i++] = e.getKey();
            pairs[i++] = e.getValue();
        }
        return new ForwardTsn(point, pairs);
    }

    boolean isIdle() {
        return unsent.isEmpty() && outstanding.isEmpty();
    }

    int buffered() {
        return buffered;
    }

    /** Whether fragments of {@code stream} still wait for a TSN (a stream reset must come after them). */
    boolean hasUnsent(int stream) {
        for (Fragment f : unsent) {
            if (f.message.stream == stream && !f.message.abandoned) {
                return true;
            }
        }
        return false;
    }

    int lastAssignedTsn() {
        return nextTsn - 1;
    }

    /** Our outgoing streams were reset (RFC 6525 §5.1.2): their SSNs start again at 0. */
    void resetSsns(int[] streams) {
        for (int s : streams) {
            nextSsn.remove(s);
        }
    }

    long rtoNanos() {
        return rto;
    }

    int cwnd() {
        return cwnd;
    }

    private boolean exhausted(Fragment f, long now) {
        Message m = f.message;
        return partialReliability && (m.maxRetransmits >= 0 && f.sends > m.maxRetransmits || now >= m.expiresAt);
    }

    private void markForRetransmission(Fragment f) {
        f.marked = true;
        if (f.inFlight) {
            f.inFlight = false;
            flight -= f.payload.length;
        }
        if (rttPending && f.tsn == rttTsn) {
            rttPending = false; // Karn: no RTT sample from a retransmitted chunk
        }
    }

    private void abandon(Message m) {
        if (m.abandoned) {
            return;
        }
        m.abandoned = true;
        counters.abandonedMessages.increment();
        for (Iterator<Fragment> it = outstanding.iterator(); it.hasNext(); ) {
            Fragment f = it.next();
            if (f.message == m) {
                f.abandoned = true;
                f.marked = false;
                if (f.inFlight) {
                    f.inFlight = false;
                    flight -= f.payload.length;
                }
            }
        }
    }

    /** §6.3.1 RTO from one round trip, only for a chunk sent once (Karn). */
    private void measure(Fragment f, long now) {
        if (!rttPending || f.tsn != rttTsn) {
            return;
        }
        rttPending = false;
        if (f.sends != 1) {
            return;
        }
        long r = Math.max(1, now - rttSentAt);
        if (srtt < 0) {
            srtt = r;
            rttvar = r / 2;
        } else {
            rttvar = (3 * rttvar + Math.abs(srtt - r)) / 4;
            srtt = (7 * srtt + r) / 8;
        }
        rto = Math.max(config.rtoMin().toNanos(), Math.min(config.rtoMax().toNanos(), srtt + 4 * rttvar));
    }
}
