package io.prochat.rtc.sfu.media;

import io.prochat.rtc.sfu.rtcp.ReportBlock;

/**
 * What an RTCP receiver report about one published stream needs (RFC 3550 §6.4.1, A.3): the extended highest
 * sequence number, packets received, and the last sender report. Updated on the publisher's packet thread, read by the
 * control thread when it writes reports; a report built from a slightly stale value is harmless.
 */
public final class ReceiveStats {
    private volatile int baseSeq = -1;
    private volatile long extendedMax = -1;
    private volatile long received;
    private volatile long lastSrMiddle;
    private volatile long lastSrNanos;
    private long expectedPrior;
    private long receivedPrior;

    void onPacket(int seq, long nowNanos) {
        long max = extendedMax;
        if (max < 0) {
            baseSeq = seq;
            extendedMax = seq;
        } else {
            int delta = (short) (seq - (int) (max & 0xFFFF)); // signed distance, handles wrap-around
            if (delta > 0) {
                extendedMax = max + delta;
            }
        }
        received++;
    }

    /** A sender report from the publisher: its NTP middle 32 bits, for LSR/DLSR. */
    public void onSenderReport(long ntpMiddle, long nowNanos) {
        lastSrMiddle = ntpMiddle;
        lastSrNanos = nowNanos;
    }

    public long received() {
        return received;
    }

    public long extendedHighestSequence() {
        return extendedMax;
    }

    /** Writes one report block about {@code ssrc} at {@code at} (control thread only: it keeps interval state). */
    public void writeBlock(byte[] buf, int at, long ssrc, long nowNanos) {
        long max = extendedMax;
        long expected = max < 0 ? 0 : max - baseSeq + 1;
        long got = received;
        long lost = Math.max(0, expected - got);
        long expectedInterval = expected - expectedPrior;
        long lostInterval = expectedInterval - (got - receivedPrior);
        expectedPrior = expected;
        receivedPrior = got;
        int fraction = expectedInterval <= 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        long dlsr = lastSrNanos == 0 ? 0 : (nowNanos - lastSrNanos) * 65536 / 1_000_000_000L;
        ReportBlock.write(buf, at, ssrc, Math.min(255, fraction), (int) lost, max < 0 ? 0 : max & 0xFFFFFFFFL, 0,
                lastSrMiddle, lastSrMiddle == 0 ? 0 : dlsr);
    }
}
