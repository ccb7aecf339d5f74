package io.prochat.rtc.sfu.media;

import io.prochat.rtc.sfu.SfuMetrics;
import io.prochat.rtc.sfu.rtp.RtpPacketView;

/**
 * Drops padding-only packets (RFC 3550 §5.1: the P bit set and the padding taking all of the payload) and moves the
 * stream's sequence offset on by one for each, as {@link MuteFilter} does, so receivers see no gap. A browser whose
 * encoder runs below its send estimate pads on its media SSRCs to probe for more (Chromium does so when the SFU's REMB
 * has switched a simulcast layer off and it wants it back); those bytes carry nothing a receiver can decode, are not
 * the layer's rate, and, forwarded, took a third of a 300 kbit/s receiver's path in bursts and made it lose packets
 * (issue 14). Bandwidth probing toward a receiver is the SFU's own business ({@code cc}), not the publisher's.
 */
final class PaddingFilter extends RtpStage {
    PaddingFilter() {
        super(SfuMetrics.Stage.PADDING_FILTER);
    }

    @Override
    SfuMetrics.StageDrop process(StreamSource s, byte[] buf, int off, int len, long nowNanos) {
        if (isPaddingOnly(buf, off, len)) {
            s.seqOffset++;
            return SfuMetrics.StageDrop.PADDING;
        }
        return null;
    }

    /** Whether the packet's payload is all padding (a malformed length counts as padding: nothing to forward). */
    static boolean isPaddingOnly(byte[] buf, int off, int len) {
        if ((buf[off] & 0x20) == 0) {
            return false;
        }
        int header = RtpPacketView.headerLength(buf, off, len);
        return header < 0 || header + (buf[off + len - 1] & 0xFF) >= len;
    }
}
