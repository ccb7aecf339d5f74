package io.prochat.rtc.sfu.rtcp;

/**
 * Transport-wide congestion control feedback, RTPFB FMT 15
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1): for {@link #statusCount()} transport
 * sequence numbers from {@link #baseSequence()}, whether each arrived and, if so, its arrival time.
 *
 * <p>{@link #wrap} decodes the packet status chunks (run-length, and status vectors of 14 one-bit
 * or 7 two-bit symbols) and the receive deltas (one byte unsigned for "small", two bytes signed for
 * "large", both in 250 µs ticks) into arrays this view keeps and reuses, so steady-state reading does
 * not allocate. Reserved symbols (binary 11), or chunks and deltas that run past the packet, make
 * wrap return false.
 */
public final class TransportCc extends RtcpPacketView {
    /** Status symbol: the packet did not arrive. */
    public static final int NOT_RECEIVED = 0;
    /** Status symbol: arrived, delta in one byte. */
    public static final int RECEIVED_SMALL_DELTA = 1;
    /** Status symbol: arrived, delta in two bytes (large or negative). */
    public static final int RECEIVED_LARGE_DELTA = 2;
    /** Microseconds per delta tick. */
    public static final int DELTA_TICK_MICROS = 250;
    /** Microseconds per reference time unit. */
    public static final long REFERENCE_TIME_UNIT_MICROS = 64_000;

    private static final int CHUNKS = 20;

    private byte[] status = new byte[0];
    private int[] deltaTicks = new int[0];
    private int statusCount;

    @Override
    public boolean wrap(byte[] buf, int off, int len) {
        if (!load(buf, off, len, RtcpType.RTPFB, RtcpType.FMT_TRANSPORT_CC, CHUNKS)) {
            return false;
        }
        if (!decode()) {
            this.buf = null;
            return false;
        }
        return true;
    }

    private boolean decode() {
        int n = u16(buf, off + 14);
        if (status.length < n) {
            status = new byte[Math.max(n, 2 * status.length)];
            deltaTicks = new int[status.length];
        }
        int end = off + len;
        int p = off + CHUNKS;
        int i = 0;
        while (i < n) {
            if (p + 2 > end) {
                return false;
            }
            int chunk = u16(buf, p);
            p += 2;
            if ((chunk & 0x8000) == 0) {
                int symbol = (chunk >> 13) & 0x03;
                if (symbol == 3) {
                    return false;
                }
                int stop = Math.min(n, i + (chunk & 0x1FFF));
                while (i < stop) {
                    status[i++] = (byte) symbol;
                }
            } else if ((chunk & 0x4000) == 0) {
                for (int k = 13; k >= 0 && i < n; k--) {
                    status[i++] = (byte) ((chunk >> k) & 0x01);
                }
            } else {
                for (int k = 12; k >= 0 && i < n; k -= 2) {
                    int symbol = (chunk >> k) & 0x03;
                    if (symbol == 3) {
                        return false;
                    }
                    status[i++] = (byte) symbol;
                }
            }
        }
        for (i = 0; i < n; i++) {
            if (status[i] == RECEIVED_SMALL_DELTA) {
                if (p + 1 > end) {
                    return false;
                }
                deltaTicks[i] = buf[p] & 0xFF;
                p += 1;
            } else if (status[i] == RECEIVED_LARGE_DELTA) {
                if (p + 2 > end) {
                    return false;
                }
                deltaTicks[i] = (short) u16(buf, p);
                p += 2;
            }
        }
        statusCount = n;
        return true;
    }

    public long senderSsrc() {
        return u32(buf, off + 4);
    }

    public long mediaSsrc() {
        return u32(buf, off + 8);
    }

    /** Transport sequence number of status 0. */
    public int baseSequence() {
        return u16(buf, off + 12);
    }

    public int statusCount() {
        return statusCount;
    }

    /** Reference time: signed 24 bits in units of 64 ms, on the feedback sender's clock. */
    public int referenceTime() {
        int value = ((buf[off + 16] & 0xFF) << 16) | ((buf[off + 17] & 0xFF) << 8) | (buf[off + 18] & 0xFF);
        return (value << 8) >> 8;
    }

    /** Feedback packet count: increments per feedback sent, so the reader can spot lost feedback. */
    public int feedbackCount() {
        return buf[off + 19] & 0xFF;
    }

    /** Transport sequence number of status {@code i}. */
    public int sequenceNumber(int i) {
        java.util.Objects.checkIndex(i, statusCount);
        return (baseSequence() + i) & 0xFFFF;
    }

    /** {@link #NOT_RECEIVED}, {@link #RECEIVED_SMALL_DELTA} or {@link #RECEIVED_LARGE_DELTA}. */
    public int status(int i) {
        java.util.Objects.checkIndex(i, statusCount);
        return status[i];
    }

    public boolean isReceived(int i) {
        return status(i) != NOT_RECEIVED;
    }

    /** Arrival delta to the previous received packet (to the reference time for the first), in µs. */
    public long deltaMicros(int i) {
        return isReceived(i) ? (long) deltaTicks[i] * DELTA_TICK_MICROS : 0;
    }

    /**
     * Arrival times of all received packets, in µs on the feedback sender's clock, written into
     * {@code out[0, statusCount())}; entries for lost packets are left as they were. O(n) per call.
     */
    public void arrivalTimesMicros(long[] out) {
        long t = referenceTime() * REFERENCE_TIME_UNIT_MICROS;
        for (int i = 0; i < statusCount && i < out.length; i++) {
            if (status[i] != NOT_RECEIVED) {
                t += (long) deltaTicks[i] * DELTA_TICK_MICROS;
                out[i] = t;
            }
        }
    }
}
