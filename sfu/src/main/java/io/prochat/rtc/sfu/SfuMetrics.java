package io.prochat.rtc.sfu;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Transport counters, process-wide. Incremented on the packet path without allocation ({@link LongAdder}); read by
 * the gateway's /metrics. Every dropped packet is counted under exactly one reason.
 */
public final class SfuMetrics {
    /** Why an inbound datagram was dropped. */
    public enum Drop {
        /** Not DTLS, RTP or RTCP by its first byte (RFC 7983), or too short. */
        NOT_MEDIA,
        /** SRTP/SRTCP arrived before DTLS produced keys. */
        NO_KEYS_YET,
        SRTP_AUTH_FAIL,
        SRTP_REPLAY,
        SRTP_INVALID,
        SRTP_OTHER,
        /** The DTLS queue was full or the endpoint closed. */
        DTLS_QUEUE,
        /** Protect or send failed on the way out. */
        SEND_FAILED,
        /**
         * A datagram on the UDP port from an address no session has: a first STUN request no session took (unknown
         * ufrag, an address the config refuses, a session with all the addresses it may have), or anything else.
         */
        UNKNOWN_PEER,
        /**
         * STUN on an established UDP pair (past ICE) that was dropped: a request without the session's credentials,
         * an answer to no consent check of ours, or another kind of STUN message.
         */
        STUN_REJECTED,
        /**
         * Outbound: the peer's ICE-TCP send queue was full (it reads too slowly or not at all), or the media UDP
         * socket's send buffer was (more leaving at once than the kernel takes; the sender never waits).
         */
        SEND_QUEUE_FULL,
        /**
         * Inbound RTP/RTCP its transport's media worker had no free slot for: that worker is behind (a flooding
         * publisher, or more traffic than its core forwards). Only that worker's transports lose packets.
         */
        WORKER_QUEUE_FULL
    }

    /** Why a decrypted RTP packet was not forwarded, or a NACKed packet not resent (the forwarders' counters). */
    public enum Media {
        /** RTP on an SSRC the publisher never negotiated (a probe, or a stream the room does not know). */
        UNKNOWN_SSRC,
        /** RTX from a publisher: the SFU never asks publishers for retransmissions, so it is padding or a probe. */
        RTX_DROPPED,
        /** A NACKed packet that is no longer cached (or the resend failed). */
        NACK_UNANSWERED,
        /** A NACKed packet resent to the same receiver moments ago: not resent again. */
        NACK_DUPLICATE,
        /** A NACKed packet refused because the receiver's retransmission budget is spent. */
        NACK_OVER_BUDGET,
        /**
         * A decrypted RTCP compound whose packet lengths do not add up (SRTCP authenticated it, so the peer itself
         * sent it): dropped whole, nothing in it acted on.
         */
        RTCP_MALFORMED,
        /**
         * A video packet to a receiver over its send budget (a multiple of its transport-cc bandwidth estimate, see
         * cc.SendBudget): not sent, as its path would not take it.
         */
        SEND_BUDGET
    }

    /**
     * The named stages of the inbound media path, in the order {@code media.MediaPipeline} runs them: RTP first, then
     * RTCP. Each counts the packets it passes on; what it drops is counted under a {@link StageDrop} of its own.
     */
    public enum Stage {
        RTX_FILTER, STREAM_LOOKUP, RECEPTION_STATS, MUTE_FILTER, PADDING_FILTER, AUDIO_LEVEL, EXTENSION_HIDING, FLOW_METER, RENUMBER,
        NACK_CACHE, SIMULCAST_SELECT, FAN_OUT,
        RTCP_COMPOUND, RTCP_DEMUX, SENDER_REPORT, KEYFRAME_REQUEST, REMB, TRANSPORT_CC, NACK;

        /** The {@code stage} label on /metrics. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Why a stage of the media path dropped a packet; each reason belongs to one stage. Where an older counter
     * ({@link Media}) counts the same drop, the stage's drop path counts both.
     */
    public enum StageDrop {
        /** RTX from a publisher: the SFU never NACKs publishers, so it is padding or a probe. */
        RTX(Stage.RTX_FILTER, "rtx", Media.RTX_DROPPED),
        /** An SSRC the publisher never negotiated (a probe), nor a simulcast layer's first packet. */
        UNKNOWN_SSRC(Stage.STREAM_LOOKUP, "unknown_ssrc", Media.UNKNOWN_SSRC),
        /** The microphone is muted: no receiver sees the packet, nor a gap in the sequence numbers. */
        MUTED(Stage.MUTE_FILTER, "muted", null),
        /** A padding-only packet (a publisher probing its own uplink): no receiver sees it, nor a gap. */
        PADDING(Stage.PADDING_FILTER, "padding", null),
        /** A simulcast layer no receiver is on or switching to (it is still measured and cached). */
        LAYER_NOT_SELECTED(Stage.SIMULCAST_SELECT, "layer_not_selected", null),
        /** A stream nobody receives yet (or any more). */
        NO_RECEIVERS(Stage.FAN_OUT, "no_receivers", null),
        /** An RTCP compound whose packet lengths do not add up: nothing in it is acted on. */
        RTCP_MALFORMED(Stage.RTCP_COMPOUND, "malformed", Media.RTCP_MALFORMED),
        /** Receiver reports, SDES, BYE and types the SFU does not act on end here by design. */
        RTCP_TERMINATED(Stage.RTCP_DEMUX, "terminated", null),
        SR_UNKNOWN_SSRC(Stage.SENDER_REPORT, "unknown_ssrc", null),
        SR_MALFORMED(Stage.SENDER_REPORT, "malformed", null),
        KEYFRAME_UNKNOWN_SSRC(Stage.KEYFRAME_REQUEST, "unknown_ssrc", null),
        KEYFRAME_MALFORMED(Stage.KEYFRAME_REQUEST, "malformed", null),
        /** Application-layer feedback that is not REMB. */
        REMB_MALFORMED(Stage.REMB, "malformed", null),
        /** transport-cc feedback whose packet status chunks or deltas do not add up. */
        TRANSPORT_CC_MALFORMED(Stage.TRANSPORT_CC, "malformed", null),
        /** transport-cc feedback from a receiver whose transport does not number its packets: nothing to match. */
        TRANSPORT_CC_NOT_NEGOTIATED(Stage.TRANSPORT_CC, "not_negotiated", null),
        NACK_UNKNOWN_SSRC(Stage.NACK, "unknown_ssrc", null),
        NACK_MALFORMED(Stage.NACK, "malformed", null);

        public final Stage stage;
        /** The {@code outcome} label on /metrics (beside {@code passed}). */
        public final String label;
        final Media alsoCounted;

        StageDrop(Stage stage, String label, Media alsoCounted) {
            this.stage = stage;
            this.label = label;
            this.alsoCounted = alsoCounted;
        }
    }

    /** Why a room refused a join, or a session's own offer (the failure code the client is sent). */
    public enum Refusal {
        ROOM_CLOSED,
        ROOM_FULL,
        SERVER_FULL,
        TOO_MANY_SESSIONS,
        SESSION_EXISTS,
        /** The offer could not be parsed or applied. */
        BAD_OFFER,
        /** An SSRC another member of the call sends on now. */
        SSRC_IN_USE,
        /** An SSRC a member who left (or a track that ended) sent on in this call: never used twice in one room. */
        SSRC_RETIRED,
        /** The media transport could not be created. */
        TRANSPORT,
        /** A resume naming a session this room does not have for that user (someone else's, or one that ended). */
        UNKNOWN_SESSION
    }

    private final Map<Drop, LongAdder> drops = new EnumMap<>(Drop.class);
    private final Map<Media, LongAdder> media = new EnumMap<>(Media.class);
    private final Map<Refusal, LongAdder> refusals = new EnumMap<>(Refusal.class);
    private final LongAdder retransmissions = new LongAdder();
    private final LongAdder[] stagePassed = adders(Stage.values().length);
    private final LongAdder[] stageDropped = adders(StageDrop.values().length);
    private volatile java.util.function.LongSupplier unknownPeers = () -> 0;
    private volatile java.util.function.LongSupplier stunRejected = () -> 0;
    private volatile java.util.function.ToLongFunction<io.prochat.rtc.sfu.ice.TcpRefusal> tcpRefused = r -> 0;
    private volatile java.util.function.IntSupplier tcpPending = () -> 0;
    private volatile java.util.function.LongSupplier iceRoleConflicts = () -> 0;
    private final Map<CloseReason, LongAdder> closes = new EnumMap<>(CloseReason.class);
    private final LongAdder rtpIn = new LongAdder();
    private final LongAdder rtcpIn = new LongAdder();
    private final LongAdder rtpOut = new LongAdder();
    private final LongAdder rtcpOut = new LongAdder();
    private final LongAdder dtlsConnected = new LongAdder();
    private final LongAdder layerUp = new LongAdder();
    private final LongAdder layerDown = new LongAdder();
    private final LongAdder probesRaised = new LongAdder();
    private final LongAdder probesFlat = new LongAdder();
    private final LongAdder probePadding = new LongAdder();
    /** Upper bounds in bit/s of the receivers' estimate histogram (the last bucket is everything above). */
    public static final long[] ESTIMATE_BUCKETS_BPS = {150_000, 300_000, 500_000, 1_000_000, 2_000_000, 3_000_000,
        5_000_000};
    private final LongAdder[] estimates = new LongAdder[ESTIMATE_BUCKETS_BPS.length + 1];
    private final LongAdder estimateSum = new LongAdder();

    /**
     * The phases of a join, each timed from the end of the one before: the join request until the room's answer is
     * sent ({@code signalling}); until ICE connects ({@code ice}); until DTLS does ({@code dtls}); until the room
     * forwards the others' media to it, that is until it is connected and has answered an offer holding their tracks
     * ({@code media}; the first packet follows at the next one the others send).
     */
    public enum JoinPhase {
        SIGNALLING, ICE, DTLS, MEDIA;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Told each join phase's duration (the gateway's histogram); never blocks. */
    @FunctionalInterface
    public interface JoinPhaseListener {
        void onPhase(JoinPhase phase, long nanos);
    }

    private final Map<JoinPhase, LongAdder> phaseCounts = new EnumMap<>(JoinPhase.class);
    private final Map<JoinPhase, LongAdder> phaseNanos = new EnumMap<>(JoinPhase.class);
    private volatile JoinPhaseListener joinPhases = (phase, nanos) -> { };

    public SfuMetrics() {
        for (JoinPhase ph : JoinPhase.values()) {
            phaseCounts.put(ph, new LongAdder());
            phaseNanos.put(ph, new LongAdder());
        }
        for (Drop d : Drop.values()) {
            drops.put(d, new LongAdder());
        }
        for (CloseReason r : CloseReason.values()) {
            closes.put(r, new LongAdder());
        }
        for (Media m : Media.values()) {
            media.put(m, new LongAdder());
        }
        for (Refusal r : Refusal.values()) {
            refusals.put(r, new LongAdder());
        }
        for (int i = 0; i < estimates.length; i++) {
            estimates[i] = new LongAdder();
        }
    }

    /** A receiver moved to a higher ({@code up}) or lower simulcast layer. */
    public void layerSwitch(boolean up) {
        (up ? layerUp : layerDown).increment();
    }

    public long layerSwitches(boolean up) {
        return (up ? layerUp : layerDown).sum();
    }

    /** A bandwidth probe toward a receiver was judged: it found more room ({@code raised}) or not. */
    public void probe(boolean raised) {
        (raised ? probesRaised : probesFlat).increment();
    }

    public long probes(boolean raised) {
        return (raised ? probesRaised : probesFlat).sum();
    }

    /** Bytes of probe padding sent (before SRTP). */
    public void probePadding(int bytes) {
        probePadding.add(bytes);
    }

    public long probePaddingBytes() {
        return probePadding.sum();
    }

    /** One receiver's transport-cc bandwidth estimate, sampled once a second per receiver. */
    public void estimate(long bps) {
        int i = 0;
        while (i < ESTIMATE_BUCKETS_BPS.length && bps > ESTIMATE_BUCKETS_BPS[i]) {
            i++;
        }
        estimates[i].increment();
        estimateSum.add(bps);
    }

    /** Samples in bucket {@code i} alone (not cumulative); {@code i == ESTIMATE_BUCKETS_BPS.length} is above all. */
    public long estimates(int i) {
        return estimates[i].sum();
    }

    /** Sum in bit/s of all sampled estimates. */
    public long estimateSum() {
        return estimateSum.sum();
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    /** A media stage passed one packet on (any packet thread; no allocation). */
    public void passed(Stage stage) {
        stagePassed[stage.ordinal()].increment();
    }

    /** The one place a media stage's drop is counted (any packet thread; no allocation). */
    public void dropped(StageDrop reason) {
        stageDropped[reason.ordinal()].increment();
        if (reason.alsoCounted != null) {
            media.get(reason.alsoCounted).increment();
        }
    }

    /** Packets {@code stage} passed on, across every stream. */
    public long stagePassed(Stage stage) {
        return stagePassed[stage.ordinal()].sum();
    }

    /** Packets dropped for {@code reason}, across every stream. */
    public long stageDropped(StageDrop reason) {
        return stageDropped[reason.ordinal()].sum();
    }

    /** A join went through {@code phase} in {@code nanos} (room control side; once per phase and session). */
    public void joinPhase(JoinPhase phase, long nanos) {
        phaseCounts.get(phase).increment();
        phaseNanos.get(phase).add(nanos);
        joinPhases.onPhase(phase, nanos);
    }

    public long joinPhases(JoinPhase phase) {
        return phaseCounts.get(phase).sum();
    }

    public long joinPhaseNanos(JoinPhase phase) {
        return phaseNanos.get(phase).sum();
    }

    /** Where each phase's duration goes besides the totals here (one listener; the gateway's histogram). */
    public void onJoinPhase(JoinPhaseListener listener) {
        this.joinPhases = listener;
    }

    /** Counts a join (or a session's offer) a room refused. */
    public void refused(Refusal reason) {
        refusals.get(reason).increment();
    }

    public long refusals(Refusal reason) {
        return refusals.get(reason).sum();
    }

    /** Counts {@code n} events of {@code reason} (packet path of the media package; no allocation). */
    public void media(Media reason, long n) {
        media.get(reason).add(n);
    }

    /** Counts packets resent for NACKs. */
    public void retransmitted(long n) {
        retransmissions.add(n);
    }

    public long media(Media reason) {
        return media.get(reason).sum();
    }

    public long retransmissions() {
        return retransmissions.sum();
    }

    void drop(Drop reason) {
        drops.get(reason).increment();
    }

    void closed(CloseReason reason) {
        closes.get(reason).increment();
    }

    void rtpIn() {
        rtpIn.increment();
    }

    void rtcpIn() {
        rtcpIn.increment();
    }

    void rtpOut() {
        rtpOut.increment();
    }

    void rtcpOut() {
        rtcpOut.increment();
    }

    void dtlsConnected() {
        dtlsConnected.increment();
    }

    public long drops(Drop reason) {
        long n = drops.get(reason).sum();
        if (reason == Drop.UNKNOWN_PEER) {
            return n + unknownPeers.getAsLong();
        }
        return reason == Drop.STUN_REJECTED ? n + stunRejected.getAsLong() : n;
    }

    /** Connections to the media TCP port closed before they reached a session, by why. */
    public long tcpRefused(io.prochat.rtc.sfu.ice.TcpRefusal reason) {
        return tcpRefused.applyAsLong(reason);
    }

    /** Connections to the media TCP port waiting for their first STUN request. */
    public int tcpPending() {
        return tcpPending.getAsInt();
    }

    /** Where the TCP counters are read from: the SFU binds its media ports' listener. */
    public void bindTcp(java.util.function.ToLongFunction<io.prochat.rtc.sfu.ice.TcpRefusal> refused,
                 java.util.function.IntSupplier pending) {
        this.tcpRefused = refused;
        this.tcpPending = pending;
    }

    /** Where {@link Drop#UNKNOWN_PEER} is counted (the ICE ports), read at scrape time. */
    void bindUnknownPeers(java.util.function.LongSupplier counter) {
        this.unknownPeers = counter;
    }

    /** Where {@link Drop#STUN_REJECTED} is counted (the ICE ports), read at scrape time. */
    void bindStunRejected(java.util.function.LongSupplier counter) {
        this.stunRejected = counter;
    }

    /** Where ICE role conflicts are counted (the ICE ports), read at scrape time. */
    void bindIceRoleConflicts(java.util.function.LongSupplier counter) {
        this.iceRoleConflicts = counter;
    }

    /**
     * ICE role conflicts: Binding requests from peers that also claimed the controlled role (answered 487, the peer
     * switches to controlling) and 487 answers to the SFU's own checks (it stays controlled and checks again).
     */
    public long iceRoleConflicts() {
        return iceRoleConflicts.getAsLong();
    }

    public long closes(CloseReason reason) {
        return closes.get(reason).sum();
    }

    /** Sessions refused because the peer's DTLS certificate did not match its a=fingerprint. */
    public long fingerprintMismatches() {
        return closes(CloseReason.FINGERPRINT_MISMATCH);
    }

    public long rtpPacketsIn() {
        return rtpIn.sum();
    }

    public long rtcpPacketsIn() {
        return rtcpIn.sum();
    }

    public long rtpPacketsOut() {
        return rtpOut.sum();
    }

    public long rtcpPacketsOut() {
        return rtcpOut.sum();
    }

    public long dtlsHandshakesCompleted() {
        return dtlsConnected.sum();
    }
}
