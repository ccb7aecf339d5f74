package io.prochat.rtc.sfu.media;

import io.prochat.rtc.sfu.PacketSender;
import io.prochat.rtc.sfu.SfuMetrics;
import io.prochat.rtc.sfu.rtcp.RtcpType;

/**
 * A receiver's generic NACK (RFC 4585 §6.2.1): what it names is resent from that stream's cache (as RTX to a receiver
 * that negotiated it), within {@link NackGuard}'s limits: packets resent to this receiver moments ago are skipped,
 * and once the budget is spent the rest of the NACK is refused without looking at it. The packet passes when its
 * stream is known; each sequence number it names that is not resent is counted by why ({@link SfuMetrics.Media}).
 */
final class NackResponder extends RtcpStage {
    private final StreamTable room;
    private final NackGuard guard = new NackGuard();
    // this participant's, written on its packet thread
    volatile long unanswered;
    volatile long duplicate;
    volatile long overBudget;

    NackResponder(StreamTable room) {
        super(SfuMetrics.Stage.NACK);
        this.room = room;
    }

    @Override
    boolean takes(int type, int fmt) {
        return type == RtcpType.RTPFB && fmt == RtcpType.FMT_NACK;
    }

    @Override
    SfuMetrics.StageDrop process(RtcpReaders r, PacketSender from, byte[] buf, int at, int len, long now,
            SfuMetrics m) {
        if (!r.nack.wrap(buf, at, len)) {
            return SfuMetrics.StageDrop.NACK_MALFORMED;
        }
        StreamSource s = room.find(r.nack.mediaSsrc());
        if (s == null) {
            return SfuMetrics.StageDrop.NACK_UNKNOWN_SSRC;
        }
        long ssrc = s.ssrc();
        int n = r.nack.lostSequenceNumbers(r.lost);
        int gone = 0;
        int again = 0;
        int resent = 0;
        for (int i = 0; i < n; i++) {
            int seq = r.lost[i];
            if (guard.recentlyResent(ssrc, seq, now)) {
                again++;
                continue;
            }
            if (!guard.hasBudget(now)) {
                int refused = n - i;
                overBudget += refused;
                count(m, SfuMetrics.Media.NACK_OVER_BUDGET, refused);
                break;
            }
            int bytes = s.resend(seq, from);
            if (bytes < 0) {
                gone++;
            } else {
                guard.resent(ssrc, seq, bytes, now);
                resent++;
            }
        }
        unanswered += gone;
        duplicate += again;
        count(m, SfuMetrics.Media.NACK_UNANSWERED, gone);
        count(m, SfuMetrics.Media.NACK_DUPLICATE, again);
        if (m != null && resent > 0) {
            m.retransmitted(resent);
        }
        return null;
    }

    private static void count(SfuMetrics m, SfuMetrics.Media reason, long n) {
        if (m != null && n > 0) {
            m.media(reason, n);
        }
    }
}
