package io.prochat.rtc.sfu.rtcp;

/**
 * One 24-byte reception report block of an SR or RR (RFC 3550 §6.4.1), read and written at an
 * absolute offset ({@link SenderReport#reportBlockOffset(int)}, {@link ReceiverReport#reportBlockOffset(int)}).
 */
public final class ReportBlock {
    /** Bytes per block. */
    public static final int LENGTH = 24;

    private ReportBlock() {
    }

    /** SSRC of the source this block reports on. */
    public static long ssrc(byte[] buf, int at) {
        return RtcpPacketView.u32(buf, at);
    }

    /** Fraction lost since the last report, in 1/256 units. */
    public static int fractionLost(byte[] buf, int at) {
        return buf[at + 4] & 0xFF;
    }

    /** Cumulative number of packets lost: signed 24 bits (duplicates can make it negative). */
    public static int cumulativeLost(byte[] buf, int at) {
        int value = ((buf[at + 5] & 0xFF) << 16) | ((buf[at + 6] & 0xFF) << 8) | (buf[at + 7] & 0xFF);
        return (value << 8) >> 8;
    }

    /** Extended highest sequence number received (cycles in the top 16 bits). */
    public static long highestSequence(byte[] buf, int at) {
        return RtcpPacketView.u32(buf, at + 8);
    }

    /** Interarrival jitter in timestamp units. */
    public static long jitter(byte[] buf, int at) {
        return RtcpPacketView.u32(buf, at + 12);
    }

    /** LSR: the middle 32 bits of the NTP timestamp of the last SR received from the source. */
    public static long lastSenderReport(byte[] buf, int at) {
        return RtcpPacketView.u32(buf, at + 16);
    }

    /** DLSR: delay since that SR in 1/65536 s; with LSR it gives the round-trip time. */
    public static long delaySinceLastSenderReport(byte[] buf, int at) {
        return RtcpPacketView.u32(buf, at + 20);
    }

    /**
     * Writes one block at {@code at}. {@code cumulativeLost} is clamped to the signed 24-bit range
     * as RFC 3550 §6.4.1 asks; the others keep their low 8 or 32 bits.
     */
    public static void write(byte[] buf, int at, long ssrc, int fractionLost, int cumulativeLost,
                             long highestSequence, long jitter, long lastSenderReport, long delaySinceLastSenderReport) {
        RtcpPacketView.checkRoom(buf, at, LENGTH);
        int lost = Math.max(-0x800000, Math.min(0x7FFFFF, cumulativeLost));
        RtcpPacketView.put32(buf, at, ssrc);
        buf[at + 4] = (byte) fractionLost;
        buf[at + 5] = (byte) (lost >> 16);
        buf[at + 6] = (byte) (lost >> 8);
        buf[at + 7] = (byte) lost;
        RtcpPacketView.put32(buf, at + 8, highestSequence);
        RtcpPacketView.put32(buf, at + 12, jitter);
        RtcpPacketView.put32(buf, at + 16, lastSenderReport);
        RtcpPacketView.put32(buf, at + 20, delaySinceLastSenderReport);
    }
}
