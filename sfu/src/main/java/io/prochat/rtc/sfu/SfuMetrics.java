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
         * A first STUN request on the UDP port from a new address that no session took (unknown ufrag, or an address
         * the config refuses). Other datagrams from addresses that never completed ICE are dropped by ice4j before
         * the SFU sees them and are not counted here.
         */
        UNKNOWN_PEER,
        /** Outbound: the peer's ICE-TCP send queue was full (it reads too slowly or not at all). */
        SEND_QUEUE_FULL
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
        RTCP_MALFORMED
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
    private volatile java.util.function.LongSupplier unknownPeers = () -> 0;
    private volatile java.util.function.ToLongFunction<io.prochat.rtc.sfu.ice.TcpRefusal> tcpRefused = r -> 0;
    private volatile java.util.function.IntSupplier tcpPending = () -> 0;
    private volatile java.util.function.LongSupplier iceRoleConflicts = () -> 0;
    private final Map<CloseReason, LongAdder> closes = new EnumMap<>(CloseReason.class);
    private final LongAdder rtpIn = new LongAdder();
    private final LongAdder rtcpIn = new LongAdder();
    private final LongAdder rtpOut = new LongAdder();
    private final LongAdder rtcpOut = new LongAdder();
    private final LongAdder dtlsConnected = new LongAdder();

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
        return reason == Drop.UNKNOWN_PEER ? n + unknownPeers.getAsLong() : n;
    }

    /** Where {@link Drop#UNKNOWN_PEER} is counted (the ICE ports), read at scrape time. */
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

    void bindUnknownPeers(java.util.function.LongSupplier counter) {
        this.unknownPeers = counter;
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
