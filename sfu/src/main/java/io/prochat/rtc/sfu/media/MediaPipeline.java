package io.prochat.rtc.sfu.media;

import io.prochat.rtc.sfu.PacketSender;
import io.prochat.rtc.sfu.SfuMetrics;
import io.prochat.rtc.sfu.SfuMetrics.StageDrop;

/**
 * The inbound media path of one participant, as a list of named stages, each with one job (the way
 * jitsi-videobridge's node tree reads). A decrypted RTP packet goes down the list until a stage drops it or
 * {@link FanOut} sends it:
 *
 * <pre>
 *   rtx_filter        drop RTX a publisher sends (padding, probes)              {@link RtxFilter}
 *   stream_lookup     find the packet's stream by SSRC, bind simulcast layers    {@link StreamLookup}
 *   reception_stats   sequence numbers for the SFU's receiver reports            {@link ReceptionStats}
 *   mute_filter       drop a muted stream's packets, leaving no gap              {@link MuteFilter}
 *   padding_filter    drop padding-only packets (a publisher's probes), no gap   {@link PaddingFilter}
 *   audio_level       loudness and voice activity (RFC 6464)                     {@link AudioLevelReader}
 *   extension_hiding  hide mid and rid from receivers                            {@link ExtensionHiding}
 *   flow_meter        bytes and last packet time (simulcast layer choice)        {@link FlowMeter}
 *   renumber          rewrite the sequence number by the stream's offset         {@link Renumber}
 *   nack_cache        keep a copy to answer NACKs                                {@link NackCache}
 *   simulcast_select  drop a layer nobody is on                                  {@link SimulcastSelect}
 *   fan_out           a copy to each receiver, encrypted and sent by its transport {@link FanOut}
 * </pre>
 *
 * A decrypted RTCP compound is checked whole ({@code rtcp_compound}: lengths that do not add up drop it), then each
 * packet in it goes to the one stage that takes its type ({@code rtcp_demux}; receiver reports, SDES, BYE and the
 * rest end there): {@link SenderReportRelay}, {@link KeyframeRequests}, {@link RembReader}, {@link TransportCcFeedback},
 * {@link NackResponder}.
 *
 * <p>Every stage's outcome is counted here and only here ({@link #pass}, {@link #drop}): per stage, packets passed,
 * and packets dropped by reason, summed over every stream of the SFU into {@link SfuMetrics} (the gateway's
 * {@code prochat_sfu_stage_packets_total}). So for RTP, packets in = passed by {@code fan_out} + every drop.
 *
 * <p>Threads: the participant's packet thread. Per-stream state lives in the {@link StreamSource} and has that one
 * writer; the stages after the lookup are stateless and shared by every pipeline. Nothing here allocates per packet:
 * arrays of stages walked by index, no lambdas, counters are {@code LongAdder}s (several packet threads write them).
 */
final class MediaPipeline {
    /** What every stream's packets go through once their stream is known, in order. */
    private static final RtpStage[] STREAM_STAGES = {
        new ReceptionStats(),
        new MuteFilter(),
        new PaddingFilter(),
        new AudioLevelReader(),
        new ExtensionHiding(),
        new FlowMeter(),
        new Renumber(),
        new NackCache(),
        new SimulcastSelect(),
        new FanOut(),
    };

    final RtxFilter rtxFilter = new RtxFilter();
    final StreamLookup streamLookup;
    final RembReader remb = new RembReader();
    final NackResponder nacks;
    final TransportCcFeedback transportCc = new TransportCcFeedback();
    /** The RTCP handlers; each packet of a compound goes to the first that takes its type. */
    private final RtcpStage[] rtcpStages;

    /**
     * @param own the participant's own streams (its RTP, its sender reports)
     * @param room every stream of the room (what its feedback is about)
     */
    MediaPipeline(StreamTable own, StreamTable room) {
        this.streamLookup = new StreamLookup(own);
        this.nacks = new NackResponder(room);
        this.rtcpStages = new RtcpStage[] {
            new SenderReportRelay(own),
            new KeyframeRequests(room),
            remb,
            transportCc,
            nacks,
        };
    }

    /** One decrypted RTP packet from the participant; {@code m} counts (null: uncounted). */
    void rtp(byte[] buf, int off, int len, long nowNanos, SfuMetrics m) {
        StageDrop why = rtxFilter.process(null, buf, off, len, nowNanos);
        if (why != null) {
            drop(m, why);
            return;
        }
        pass(m, SfuMetrics.Stage.RTX_FILTER);
        StreamSource s = streamLookup.find(buf, off, len);
        if (s == null) {
            drop(m, StageDrop.UNKNOWN_SSRC);
            return;
        }
        pass(m, SfuMetrics.Stage.STREAM_LOOKUP);
        forward(s, buf, off, len, nowNanos, m);
    }

    /** One packet of a known stream through {@link #STREAM_STAGES}. */
    static void forward(StreamSource s, byte[] buf, int off, int len, long nowNanos, SfuMetrics m) {
        RtpStage[] stages = STREAM_STAGES;
        for (int i = 0; i < stages.length; i++) {
            RtpStage stage = stages[i];
            StageDrop why = stage.process(s, buf, off, len, nowNanos);
            if (why != null) {
                drop(m, why);
                return;
            }
            pass(m, stage.name);
        }
    }

    /** One decrypted RTCP compound from the participant, whose transport is {@code from}. */
    void rtcp(PacketSender from, byte[] buf, int off, int len, long nowNanos, SfuMetrics m) {
        RtcpReaders r = RtcpReaders.get();
        if (!r.compound.wrap(buf, off, len)) {
            drop(m, StageDrop.RTCP_MALFORMED);
            return;
        }
        pass(m, SfuMetrics.Stage.RTCP_COMPOUND);
        while (r.compound.next()) {
            RtcpStage stage = handler(r.compound.packetType(), r.compound.count());
            if (stage == null) {
                drop(m, StageDrop.RTCP_TERMINATED); // each receiver's loss is its own: receiver reports end here
                continue;
            }
            pass(m, SfuMetrics.Stage.RTCP_DEMUX);
            StageDrop why = stage.process(r, from, buf, r.compound.packetOffset(), r.compound.packetLength(),
                    nowNanos, m);
            if (why != null) {
                drop(m, why);
            } else {
                pass(m, stage.name);
            }
        }
    }

    private RtcpStage handler(int type, int fmt) {
        RtcpStage[] stages = rtcpStages;
        for (int i = 0; i < stages.length; i++) {
            if (stages[i].takes(type, fmt)) {
                return stages[i];
            }
        }
        return null;
    }

    private static void pass(SfuMetrics m, SfuMetrics.Stage stage) {
        if (m != null) {
            m.passed(stage);
        }
    }

    /** The one drop path of every stage. */
    private static void drop(SfuMetrics m, StageDrop why) {
        if (m != null) {
            m.dropped(why);
        }
    }

    /** The RTP stages in order, for tests and diagnostics. */
    static SfuMetrics.Stage[] rtpStages() {
        SfuMetrics.Stage[] all = new SfuMetrics.Stage[STREAM_STAGES.length + 2];
        all[0] = SfuMetrics.Stage.RTX_FILTER;
        all[1] = SfuMetrics.Stage.STREAM_LOOKUP;
        for (int i = 0; i < STREAM_STAGES.length; i++) {
            all[i + 2] = STREAM_STAGES[i].name;
        }
        return all;
    }
}
