package io.prochat.rtc.sfu.rtcp;

/**
 * Sender report, PT 200 (RFC 3550 §6.4.1): sender info (NTP and RTP timestamps, packet and octet
 * counts) then {@link #reportCount()} report blocks. Receivers use it for lip sync and, through
 * LSR/DLSR, round-trip time.
 */
public final class SenderReport extends RtcpPacketView {
    /** Header, sender SSRC and sender info: where the report blocks begin. */
    public static final int BLOCKS_OFFSET = 28;

    @Override
    public boolean wrap(byte[] buf, int off, int len) {
        return loadReport(buf, off, len, RtcpType.SR, BLOCKS_OFFSET);
    }

    public long senderSsrc() {
        return u32(buf, off + 4);
    }

    /** The 64-bit NTP timestamp (seconds since 1900 in the high 32 bits, fraction in the low). */
    public long ntpTimestamp() {
        return (u32(buf, off + 8) << 32) | u32(buf, off + 12);
    }

    public long rtpTimestamp() {
        return u32(buf, off + 16);
    }

    public long packetCount() {
        return u32(buf, off + 20);
    }

    public long octetCount() {
        return u32(buf, off + 24);
    }

    public int reportCount() {
        return count();
    }

    /** Absolute offset of report block {@code i}, for the {@link ReportBlock} accessors. */
    public int reportBlockOffset(int i) {
        java.util.Objects.checkIndex(i, reportCount());
        return off + BLOCKS_OFFSET + ReportBlock.LENGTH * i;
    }

    /** The middle 32 bits of an NTP timestamp: what a receiver echoes as LSR. */
    public static long middle32(long ntpTimestamp) {
        return (ntpTimestamp >>> 16) & 0xFFFF_FFFFL;
    }

    /**
     * Writes the header and sender info of an SR with {@code reportCount} blocks (0..31) and returns
     * its length; write block {@code i} with {@link ReportBlock#write} at
     * {@code off + BLOCKS_OFFSET + i * ReportBlock.LENGTH}.
     */
    public static int write(byte[] buf, int off, long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount,
                            long octetCount, int reportCount) {
        java.util.Objects.checkIndex(reportCount, 32);
        int length = BLOCKS_OFFSET + ReportBlock.LENGTH * reportCount;
        checkRoom(buf, off, length);
        writeHeader(buf, off, reportCount, RtcpType.SR, length);
        put32(buf, off + 4, ssrc);
        put32(buf, off + 8, ntpTimestamp >>> 32);
        put32(buf, off + 12, ntpTimestamp);
        put32(buf, off + 16, rtpTimestamp);
        put32(buf, off + 20, packetCount);
        put32(buf, off + 24, octetCount);
        return length;
    }
}
