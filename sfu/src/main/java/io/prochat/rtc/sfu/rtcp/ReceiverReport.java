package io.prochat.rtc.sfu.rtcp;

/** Receiver report, PT 201 (RFC 3550 §6.4.2): the reporter's SSRC then {@link #reportCount()} blocks. */
public final class ReceiverReport extends RtcpPacketView {
    /** Header and reporter SSRC: where the report blocks begin. */
    public static final int BLOCKS_OFFSET = 8;

    @Override
    public boolean wrap(byte[] buf, int off, int len) {
        return loadReport(buf, off, len, RtcpType.RR, BLOCKS_OFFSET);
    }

    public long senderSsrc() {
        return u32(buf, off + 4);
    }

    public int reportCount() {
        return count();
    }

    /** Absolute offset of report block {@code i}, for the {@link ReportBlock} accessors. */
    public int reportBlockOffset(int i) {
        java.util.Objects.checkIndex(i, reportCount());
        return off + BLOCKS_OFFSET + ReportBlock.LENGTH * i;
    }

    /**
     * Writes the header of an RR with {@code reportCount} blocks (0..31) and returns its length;
     * write block {@code i} with {@link ReportBlock#write} at {@code off + BLOCKS_OFFSET + i * ReportBlock.LENGTH}.
     */
    public static int write(byte[] buf, int off, long ssrc, int reportCount) {
        java.util.Objects.checkIndex(reportCount, 32);
        int length = BLOCKS_OFFSET + ReportBlock.LENGTH * reportCount;
        checkRoom(buf, off, length);
        writeHeader(buf, off, reportCount, RtcpType.RR, length);
        put32(buf, off + 4, ssrc);
        return length;
    }
}
