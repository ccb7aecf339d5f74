package io.prochat.rtc.sfu.media;

import io.prochat.rtc.sfu.MediaTransport;
import io.prochat.rtc.sfu.PacketSender;
import io.prochat.rtc.sfu.SfuMetrics;

/**
 * One participant's media handler: its own streams are forwarded to their receivers, and the RTCP it sends is
 * split by what it is about. Sender reports about its own streams are recorded and passed on to their receivers
 * (lip sync needs them); PLI/FIR about someone else's stream go to that publisher, throttled; NACKs are answered
 * from that stream's cache (as RTX to receivers that negotiated it); REMB is kept as this participant's downlink
 * estimate, and transport-cc feedback goes to the send-side estimate of its transport ({@code cc.TransportCcSender}),
 * which replaces REMB for receivers that negotiated it. Receiver reports about forwarded streams end here: each receiver's loss is its own, and the SFU reports
 * its own reception to publishers. The stages that do each of these, in order, are listed in {@link MediaPipeline}.
 *
 * <p>NACKs are limited by a {@link NackGuard}: a packet resent to this receiver moments ago is not resent again, and
 * retransmissions spend from a per-receiver budget; what is refused is counted. Its counters, and every stage's
 * outcome, reach the SFU's {@link SfuMetrics} (those of the transport it serves, or set with {@link #metrics}).
 *
 * <p>Runs on this participant's packet thread; allocates nothing per packet.
 */
public final class Forwarder implements MediaTransport.MediaHandler {
    private final StreamTable own = new StreamTable();
    private final MediaPipeline pipeline;
    private volatile SfuMetrics metrics;

    /** @param room every stream of the room, to find the target of feedback */
    public Forwarder(StreamTable room) {
        this.pipeline = new MediaPipeline(own, room);
    }

    /** This participant's own streams (control thread adds them before the transport connects). */
    public StreamTable own() {
        return own;
    }

    /** This participant's simulcast screen share, whose layers' SSRCs are learned from packets. */
    public void simulcast(SimulcastGroup group) {
        pipeline.streamLookup.simulcast = group;
    }

    /** The last REMB this participant sent: what its downlink takes, in bit/s; 0 until one arrived. */
    public long downlinkBps() {
        return pipeline.remb.downlinkBps;
    }

    /**
     * The payload type this participant numbers RTX with (0 = none). The SFU never negotiates RTX for what a
     * participant publishes (it never NACKs publishers), so such packets are padding or probes it should not send:
     * dropped and counted, never forwarded as media.
     */
    public void rtxPayloadType(int payloadType) {
        pipeline.rtxFilter.payloadType = payloadType;
    }

    public long unknownSsrcPackets() {
        return pipeline.streamLookup.unknown;
    }

    /** Inbound RTX packets dropped (see {@link #rtxPayloadType(int)}). */
    public long rtxPacketsDropped() {
        return pipeline.rtxFilter.dropped;
    }

    public long nacksUnanswered() {
        return pipeline.nacks.unanswered;
    }

    /** NACKed packets not resent because they were resent to this receiver moments ago. */
    public long nacksDuplicate() {
        return pipeline.nacks.duplicate;
    }

    /** NACKed packets not resent because this receiver's retransmission budget was spent. */
    public long nacksOverBudget() {
        return pipeline.nacks.overBudget;
    }

    /** transport-cc feedback packets this participant sent that were read into its bandwidth estimate. */
    public long transportCcFeedback() {
        return pipeline.transportCc.read;
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

    /** One decrypted RTP packet from this participant. */
    public void receiveRtp(byte[] buf, int off, int len) {
        pipeline.rtp(buf, off, len, System.nanoTime(), metrics);
    }

    /** One decrypted RTCP compound from this participant, whose transport is {@code from}. */
    public void receiveRtcp(PacketSender from, byte[] buf, int off, int len) {
        pipeline.rtcp(from, buf, off, len, System.nanoTime(), metrics);
    }
}
