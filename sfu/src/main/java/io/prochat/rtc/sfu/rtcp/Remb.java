package io.prochat.rtc.sfu.rtcp;

/**
 * Receiver estimated maximum bitrate (draft-alvestrand-rmcat-remb-03 §2.2): PSFB FMT 15 whose FCI
 * starts with the ASCII identifier "REMB", then the SSRC count, the bitrate as 6-bit exponent and
 * 18-bit mantissa, and the SSRCs it applies to. Chrome still sends it when {@code goog-remb} is
 * negotiated; the media SSRC field is 0.
 */
public final class Remb extends RtcpPacketView {
    private static final int FCI = 12;
    private static final int SSRCS = 20;
    private static final int MAX_MANTISSA = 0x3FFFF;

    @Override
    public boolean wrap(byte[] buf, int off, int len) {
        if (!load(buf, off, len, RtcpType.PSFB, RtcpType.FMT_AFB, SSRCS)) {
            return false;
        }
        boolean remb = buf[off + FCI] == 'R' && buf[off + FCI + 1] == 'E' && buf[off + FCI + 2] == 'M'
                && buf[off + FCI + 3] == 'B';
        if (!remb || SSRCS + 4 * ssrcCount() > this.len) {
            this.buf = null;
            return false;
        }
        return true;
    }

    public long senderSsrc() {
        return u32(buf, off + 4);
    }

    /** Estimated bitrate in bit/s, saturating at Long.MAX_VALUE for encodings that overflow. */
    public long bitrate() {
        int exponent = (buf[off + FCI + 5] & 0xFF) >> 2;
        long mantissa = ((buf[off + FCI + 5] & 0x03L) << 16) | ((buf[off + FCI + 6] & 0xFF) << 8)
                | (buf[off + FCI + 7] & 0xFF);
        if (mantissa != 0 && exponent > Long.numberOfLeadingZeros(mantissa) - 1) {
            return Long.MAX_VALUE;
        }
        return mantissa << exponent;
    }

    public int ssrcCount() {
        return buf[off + FCI + 4] & 0xFF;
    }

    public long ssrc(int i) {
        java.util.Objects.checkIndex(i, ssrcCount());
        return u32(buf, off + SSRCS + 4 * i);
    }

    /**
     * Writes a REMB for {@code ssrcs[0, count)} (0..255) and returns its length. The bitrate is
     * rounded down to what 18 bits of mantissa can express.
     */
    public static int write(byte[] buf, int off, long senderSsrc, long bitrate, long[] ssrcs, int count) {
        if (bitrate < 0) {
            throw new IllegalArgumentException("negative bitrate");
        }
        if (count < 0 || count > 255 || count > ssrcs.length) {
            throw new IllegalArgumentException("bad SSRC count " + count);
        }
        int length = SSRCS + 4 * count;
        checkRoom(buf, off, length);
        int exponent = 0;
        long mantissa = bitrate;
        while (mantissa > MAX_MANTISSA) {
            mantissa >>>= 1;
            exponent++;
        }
        writeHeader(buf, off, RtcpType.FMT_AFB, RtcpType.PSFB, length);
        put32(buf, off + 4, senderSsrc);
        put32(buf, off + 8, 0);
        buf[off + FCI] = 'R';
        buf[off + FCI + 1] = 'E';
        buf[off + FCI + 2] = 'M';
        buf[off + FCI + 3] = 'B';
        buf[off + FCI + 4] = (byte) count;
        buf[off + FCI + 5] = (byte) ((exponent << 2) | (int) (mantissa >> 16));
        buf[off + FCI + 6] = (byte) (mantissa >> 8);
        buf[off + FCI + 7] = (byte) mantissa;
        for (int i = 0; i < count; i++) {
            put32(buf, off + SSRCS + 4 * i, ssrcs[i]);
        }
        return length;
    }
}
