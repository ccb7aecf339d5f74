package io.prochat.rtc.sfu.rtcp;

/**
 * Picture loss indication, PSFB FMT 1 (RFC 4585 §6.3.1): no FCI, just "send me a key frame of
 * this SSRC". An SFU forwards (or generates) it towards the sender when a receiver joins or loses
 * packets it cannot recover.
 */
public final class Pli extends RtcpPacketView {
    /** Header, sender SSRC and media SSRC. */
    public static final int LENGTH = 12;

    @Override
    public boolean wrap(byte[] buf, int off, int len) {
        return load(buf, off, len, RtcpType.PSFB, RtcpType.FMT_PLI, LENGTH);
    }

    public long senderSsrc() {
        return u32(buf, off + 4);
    }

    /** The SSRC whose picture was lost. */
    public long mediaSsrc() {
        return u32(buf, off + 8);
    }

    /** Writes a PLI and returns its length (12). */
    public static int write(byte[] buf, int off, long senderSsrc, long mediaSsrc) {
        checkRoom(buf, off, LENGTH);
        writeHeader(buf, off, RtcpType.FMT_PLI, RtcpType.PSFB, LENGTH);
        put32(buf, off + 4, senderSsrc);
        put32(buf, off + 8, mediaSsrc);
        return LENGTH;
    }
}
