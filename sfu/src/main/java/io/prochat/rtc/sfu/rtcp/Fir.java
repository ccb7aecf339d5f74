package io.prochat.rtc.sfu.rtcp;

/**
 * Full intra request, PSFB FMT 4 (RFC 5104 §4.3.1): FCI entries of (target SSRC, command sequence
 * number). The media SSRC field is unused (0); the sequence number lets the target ignore repeats
 * of a request it already served, so a sender of FIRs increments it per new request.
 */
public final class Fir extends RtcpPacketView {
    private static final int FCI = 12;
    private static final int ENTRY = 8;

    @Override
    public boolean wrap(byte[] buf, int off, int len) {
        return load(buf, off, len, RtcpType.PSFB, RtcpType.FMT_FIR, FCI + ENTRY);
    }

    public long senderSsrc() {
        return u32(buf, off + 4);
    }

    public int entryCount() {
        return (len - FCI) / ENTRY;
    }

    /** The SSRC asked for a key frame. */
    public long entrySsrc(int i) {
        java.util.Objects.checkIndex(i, entryCount());
        return u32(buf, off + FCI + ENTRY * i);
    }

    /** The command sequence number (0..255). */
    public int entrySequence(int i) {
        java.util.Objects.checkIndex(i, entryCount());
        return buf[off + FCI + ENTRY * i + 4] & 0xFF;
    }

    /** Writes a FIR with one entry and returns its length (20). */
    public static int write(byte[] buf, int off, long senderSsrc, long targetSsrc, int sequenceNumber) {
        int length = FCI + ENTRY;
        checkRoom(buf, off, length);
        writeHeader(buf, off, RtcpType.FMT_FIR, RtcpType.PSFB, length);
        put32(buf, off + 4, senderSsrc);
        put32(buf, off + 8, 0);
        put32(buf, off + 12, targetSsrc);
        buf[off + 16] = (byte) sequenceNumber;
        buf[off + 17] = 0;
        buf[off + 18] = 0;
        buf[off + 19] = 0;
        return length;
    }
}
