package io.prochat.rtc.sfu.rtcp;

import java.nio.charset.StandardCharsets;

/** Goodbye, PT 203 (RFC 3550 §6.6): {@link #count()} SSRCs leaving, then an optional reason. */
public final class Bye extends RtcpPacketView {
    private int reason;

    @Override
    public boolean wrap(byte[] buf, int off, int len) {
        if (!load(buf, off, len, RtcpType.BYE, -1, HEADER_LENGTH)) {
            return false;
        }
        int p = off + HEADER_LENGTH + 4 * count();
        int end = off + this.len;
        reason = -1;
        if (p > end || (p < end && p + 1 + (buf[p] & 0xFF) > end)) {
            this.buf = null;
            return false;
        }
        if (p < end) {
            reason = p;
        }
        return true;
    }

    public int ssrcCount() {
        return count();
    }

    public long ssrc(int i) {
        java.util.Objects.checkIndex(i, ssrcCount());
        return u32(buf, off + HEADER_LENGTH + 4 * i);
    }

    public boolean hasReason() {
        return reason >= 0;
    }

    /** Absolute offset of the reason text, or -1. */
    public int reasonOffset() {
        return reason < 0 ? -1 : reason + 1;
    }

    public int reasonLength() {
        return reason < 0 ? 0 : buf[reason] & 0xFF;
    }

    /** The reason text, or "" (allocates). */
    public String reasonText() {
        return reason < 0 ? "" : new String(buf, reason + 1, reasonLength(), StandardCharsets.UTF_8);
    }

    /** Writes a BYE for one SSRC without reason and returns its length (8). */
    public static int write(byte[] buf, int off, long ssrc) {
        checkRoom(buf, off, 8);
        writeHeader(buf, off, 1, RtcpType.BYE, 8);
        put32(buf, off + 4, ssrc);
        return 8;
    }
}
