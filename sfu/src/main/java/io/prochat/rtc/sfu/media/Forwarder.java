package io.prochat.rtc.sfu.media;

import io.prochat.rtc.sfu.MediaTransport;
import io.prochat.rtc.sfu.PacketSender;
import io.prochat.rtc.sfu.SfuMetrics;
import io.prochat.rtc.sfu.rtcp.Fir;
import io.prochat.rtc.sfu.rtcp.Nack;
import io.prochat.rtc.sfu.rtcp.Remb;
import io.prochat.rtc.sfu.rtcp.RtcpCompoundReader;
import io.prochat.rtc.sfu.rtcp.RtcpType;
import io.prochat.rtc.sfu.rtcp.SenderReport;
import io.prochat.rtc.sfu.rtcp.TransportCc;

/**
 * One participant's media handler: its own streams are forwarded to their receivers, and the RTCP it sends is
 * split by what it is about. Sender reports about its own streams are recorded and passed on to their receivers
 * (lip sync needs them); PLI/FIR about someone else's stream go to that publisher, throttled; NACKs are answered
 * from that stream's cache (as RTX to receivers that negotiated it); REMB is kept as this participant's downlink
 * estimate, and transport-cc feedback goes to the send-side estimate of its transport ({@code cc.TransportCcSender}),
 * which replaces REMB for receivers that negotiated it. Receiver reports about forwarded streams end here: each receiver's loss is its own, and the SFU reports
 * its own reception to publishers.
 *
 * <p>NACKs are limited by a {@link NackGuard}: a packet resent to this receiver moments ago is not resent again, and
 * retransmissions spend from a per-receiver budget; what is refused is counted. Its counters, and the packets it
 * drops, reach the SFU's {@link SfuMetrics} (those of the transport it serves, or set with {@link #metrics}).
 *
 * <p>Runs on this participant's packet thread; allocates nothing per packet.
 */
public final class Forwarder implements MediaTransport.MediaHandler {
    private static final ThreadLocal<Readers> READERS = ThreadLocal.withInitial(Readers::new);

    private final StreamTable own = new StreamTable();
    private final StreamTable room;
    private volatile long downlinkBps;
    private volatile SimulcastGroup simulcast;
    private volatile long unknownSsrc;
    private volatile int rtxPayloadType;
    private volatile long rtxDropped;
    private volatile long nacksUnanswered;
    private volatile long nacksDuplicate;
    private volatile long nacksOverBudget;
    private volatile long rtcpMalformed;
    private volatile long transportCcFeedback;
    private final NackGuard guard = new NackGuard();
    private volatile SfuMetrics metrics;

    /** @param room every stream of the room, to find the target of feedback */
    public Forwarder(StreamTable room) {
        this.room = room;
    }

    /** This participant's own streams (control thread adds them before the transport connects). */
    public StreamTable own() {
        return own;
    }

    /** This participant's simulcast screen share, whose layers' SSRCs are learned from packets. */
    public void simulcast(SimulcastGroup group) {
        this.simulcast = group;
    }

    /** The last REMB this participant sent: what its downlink takes, in bit/s; 0 until one arrived. */
    public long downlinkBps() {
        return downlinkBps;
    }

    /**
     * The payload type this participant numbers RTX with (0 = none). The SFU never negotiates RTX for what a
     * participant publishes (it never NACKs publishers), so such packets are padding or probes it should not send:
     * dropped and counted, never forwarded as media.
     */
    public void rtxPayloadType(int payloadType) {
        this.rtxPayloadType = payloadType;
    }

    public long unknownSsrcPackets() {
        return unknownSsrc;
    }

    /** Inbound RTX packets dropped (see {@link #rtxPayloadType(int)}). */
    public long rtxPacketsDropped() {
        return rtxDropped;
    }

    public long nacksUnanswered() {
        return nacksUnanswered;
    }

    /** NACKed packets not resent because they were resent to this receiver moments ago. */
    public long nacksDuplicate() {
        return nacksDuplicate;
    }

    /** NACKed packets not resent because this receiver's retransmission budget was spent. */
    public long nacksOverBudget() {
        return nacksOverBudget;
    }

    /** Decrypted RTCP compounds dropped because their packet lengths did not add up. */
    public long rtcpMalformed() {
        return rtcpMalformed;
    }

    /** transport-cc feedback packets this participant sent that were read into its bandwidth estimate. */
    public long transportCcFeedback() {
        return transportCcFeedback;
    }

    /** Where this forwarder's counters go besides its own fields; by default, those of the transport it serves. */
    public void metrics(SfuMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void onRtp(MediaTransport from, byte[] buf, int off, int len) {
        if (metrics == null) {
            metrics = from.metrics();
        }
        receiveRtp(buf, off, len);
    }

    @Override
    public void onRtcp(MediaTransport from, byte[] buf, int off, int len) {
        if (metrics == null) {
            metrics = from.metrics();
        }
        receiveRtcp(from, buf, off, len);
    }

    private void count(SfuMetrics.Media reason, long n) {
        SfuMetrics m = metrics;
        if (m != null && n > 0) {
            m.media(reason, n);
        }
    }

    /** One decrypted RTP packet from this participant. */
    public void receiveRtp(byte[] buf, int off, int len) {
        int rtxPt = rtxPayloadType;
        if (rtxPt != 0 && (buf[off + 1] & 0x7F) == rtxPt) {
            rtxDropped++;
            count(SfuMetrics.Media.RTX_DROPPED, 1);
            return;
        }
        long ssrc = ((buf[off + 8] & 0xFFL) << 24) | ((buf[off + 9] & 0xFF) << 16) | ((buf[off + 10] & 0xFF) << 8)
                | (buf[off + 11] & 0xFF);
        StreamSource s = own.find(ssrc);
        if (s == null) {
            SimulcastGroup g = simulcast;
            s = g == null ? null : g.bind(buf, off, len, ssrc); // a layer's first packet names its rid
            if (s == null) {
                unknownSsrc++; // e.g. a probe on an SSRC we never negotiated
                count(SfuMetrics.Media.UNKNOWN_SSRC, 1);
                return;
            }
        }
        s.forward(buf, off, len, System.nanoTime());
    }

    /** One decrypted RTCP compound from this participant, whose transport is {@code from}. */
    public void receiveRtcp(PacketSender from, byte[] buf, int off, int len) {
        Readers r = READERS.get();
        if (!r.compound.wrap(buf, off, len)) {
            rtcpMalformed++;
            count(SfuMetrics.Media.RTCP_MALFORMED, 1);
            return;
        }
        long now = System.nanoTime();
        while (r.compound.next()) {
            int type = r.compound.packetType();
            int fmt = r.compound.count();
            int at = r.compound.packetOffset();
            int plen = r.compound.packetLength();
            if (type == RtcpType.SR) {
                senderReport(r, buf, at, plen, now);
            } else if (type == RtcpType.PSFB && fmt == RtcpType.FMT_PLI && plen >= 12) {
                StreamSource s = room.find(u32(buf, at + 8));
                if (s != null) {
                    s.keyframe(false, now);
                }
            } else if (type == RtcpType.PSFB && fmt == RtcpType.FMT_FIR && r.fir.wrap(buf, at, plen)) {
                for (int i = 0; i < r.fir.entryCount(); i++) {
                    StreamSource s = room.find(r.fir.entrySsrc(i));
                    if (s != null) {
                        s.keyframe(true, now);
                    }
                }
            } else if (type == RtcpType.PSFB && fmt == RtcpType.FMT_AFB && r.remb.wrap(buf, at, plen)) {
                downlinkBps = r.remb.bitrate();
            } else if (type == RtcpType.RTPFB && fmt == RtcpType.FMT_NACK && r.nack.wrap(buf, at, plen)) {
                nack(r, from, now);
            } else if (type == RtcpType.RTPFB && fmt == RtcpType.FMT_TRANSPORT_CC && from instanceof MediaTransport t
                    && t.congestion().enabled() && r.transportCc.wrap(buf, at, plen)) {
                t.congestion().onFeedback(r.transportCc, now); // congestion control (issue 14): cc.TransportCcSender
                transportCcFeedback++;
            }
        }
    }

    private void senderReport(Readers r, byte[] buf, int at, int plen, long now) {
        if (!r.sr.wrap(buf, at, plen)) {
            return;
        }
        StreamSource s = own.find(r.sr.senderSsrc());
        if (s != null) {
            s.stats().onSenderReport(SenderReport.middle32(r.sr.ntpTimestamp()), now);
            s.relayRtcp(buf, at, plen);
        }
    }

    /**
     * Resends what a NACK names, within {@link NackGuard}'s limits: packets resent moments ago are skipped, and once
     * the budget is spent the rest of the NACK is refused without looking at it.
     */
    private void nack(Readers r, PacketSender from, long now) {
        StreamSource s = room.find(r.nack.mediaSsrc());
        if (s == null) {
            return;
        }
        long ssrc = s.ssrc();
        int n = r.nack.lostSequenceNumbers(r.lost);
        int unanswered = 0;
        int duplicate = 0;
        int resent = 0;
        for (int i = 0; i < n; i++) {
            int seq = r.lost[i];
            if (guard.recentlyResent(ssrc, seq, now)) {
                duplicate++;
                continue;
            }
            if (!guard.hasBudget(now)) {
                int refused = n - i;
                nacksOverBudget += refused;
                count(SfuMetrics.Media.NACK_OVER_BUDGET, refused);
                break;
            }
            int bytes = s.resend(seq, from);
            if (bytes < 0) {
                unanswered++;
            } else {
                guard.resent(ssrc, seq, bytes, now);
                resent++;
            }
        }
        nacksUnanswered += unanswered;
        nacksDuplicate += duplicate;
        count(SfuMetrics.Media.NACK_UNANSWERED, unanswered);
        count(SfuMetrics.Media.NACK_DUPLICATE, duplicate);
        SfuMetrics m = metrics;
        if (m != null && resent > 0) {
            m.retransmitted(resent);
        }
    }

    private static long u32(byte[] b, int at) {
        return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    /** Reusable readers, one set per packet thread. */
    private static final class Readers {
        final RtcpCompoundReader compound = new RtcpCompoundReader();
        final SenderReport sr = new SenderReport();
        final Fir fir = new Fir();
        final Remb remb = new Remb();
        final Nack nack = new Nack();
        final TransportCc transportCc = new TransportCc();
        final int[] lost = new int[17 * 64];
    }
}
