package io.prochat.rtc.sfu.media;

import io.prochat.rtc.sfu.PacketSender;
import io.prochat.rtc.sfu.cc.PaddingSource;
import io.prochat.rtc.sfu.rtcp.Fir;
import io.prochat.rtc.sfu.rtcp.Pli;

/**
 * One published RTP stream (one SSRC of one participant), the receivers it is forwarded to, and its state on the way
 * through the {@link MediaPipeline} (each field says which stage writes it; only the publisher's packet thread does).
 *
 * <p>The SSRC and timestamps are forwarded unchanged: every SSRC in a room comes from a different browser and is
 * announced to receivers in their offer. Sequence numbers are rewritten by one offset per stream (the same for every
 * receiver), which grows by one for each packet the SFU drops on purpose (muted audio), so receivers see no gap and
 * ask for no retransmission of packets that will never come ({@link MuteFilter}, {@link Renumber}).
 *
 * <p>Threads: {@link #forward} runs on the publisher's packet thread; {@link #keyframe} and {@link #retransmit} on
 * receivers' packet threads; {@link #attach}, {@link #detach}, {@link #mute} on the room's control thread. See the
 * package documentation.
 */
public final class StreamSource {
    /** The SSRC the SFU sends its own RTCP (PLI, FIR, REMB, RR) from. */
    public static final long SFU_SSRC = 0x5052_4348L;
    /** rtcd forwards at most one PLI per second per source; half a second recovers faster and still protects it. */
    public static final long KEYFRAME_INTERVAL_NANOS = 500_000_000L;

    private static final PacketSender[] NONE = {};
    private static final RtxStream[] NO_RTX = {};

    private final String id;
    private final long ssrc;
    private final boolean video;
    private final PacketSender publisher;
    /** Read by {@link AudioLevelReader}. */
    final int audioLevelId;
    /** Written by {@link NackCache}. */
    final PacketCache cache;
    /** Read by {@link FanOut} and {@link SimulcastSelect}. */
    volatile PacketSender[] receivers = NONE;
    /** The receivers that negotiated RTX, with their retransmission streams; a subset of {@link #receivers}. */
    private volatile RtxStream[] rtx = NO_RTX;
    private volatile long rtxSsrc;
    /**
     * RTX streams of receivers detached (camera off), kept so that attaching again (camera on) continues their
     * sequence numbers on the same RTX SSRC: the receiver's transport keeps its SRTP state for that SSRC, and a new
     * random first sequence number could land just behind the last one sent and encrypt another packet under an
     * index already used (issue 11, item 4). Bounded like {@link SimulcastGroup}'s paused receivers. Guarded by this.
     */
    private final java.util.Map<PacketSender, RtxStream> parkedRtx = new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<PacketSender, RtxStream> eldest) {
            return size() > MAX_PARKED;
        }
    };
    private static final int MAX_PARKED = 128;
    /** Read by {@link MuteFilter}. */
    volatile boolean muted;
    /** Non-null: this is the one stream receivers see of a simulcast track, and the group routes for it. */
    private final SimulcastGroup group;
    /** True for a layer of a simulcast track, whose receivers are its group's ({@link SimulcastSelect}). */
    final boolean layer;
    /** The renaming table of the ids receivers must not see, or null (see {@link HeaderExtensions}). */
    byte[] hiding;

    // the stream's state on the way through the pipeline: publisher's packet thread only (one stage writes each)
    /** {@link MuteFilter} grows it, {@link Renumber} subtracts it. */
    int seqOffset;
    /** {@link ReceptionStats}. */
    final ReceiveStats stats = new ReceiveStats();

    // written on packet threads, read by the control thread; races only cost one extra or one late event
    /** {@link AudioLevelReader}. */
    volatile long lastVoiceNanos = Long.MIN_VALUE / 2;
    volatile int loudness;
    private volatile long lastKeyframeRequestNanos = Long.MIN_VALUE / 2;
    private int firSequence;
    /** {@link FanOut}. */
    volatile long forwarded;
    /** {@link FlowMeter}. */
    volatile long bytes;
    volatile long lastPacketNanos = Long.MIN_VALUE / 2;
    private volatile long retransmitted;
    private volatile long keyframeRequests;

    /**
     * @param audioLevelId the negotiated RFC 6464 extension id, or 0 for none
     * @param cache the NACK history, or null (audio: Opus recovers with in-band FEC)
     */
    public StreamSource(String id, long ssrc, boolean video, PacketSender publisher, int audioLevelId,
            PacketCache cache) {
        this(id, ssrc, video, publisher, audioLevelId, cache, false);
    }

    private StreamSource(String id, long ssrc, boolean video, PacketSender publisher, int audioLevelId,
            PacketCache cache, boolean layer) {
        this.id = id;
        this.ssrc = ssrc;
        this.video = video;
        this.publisher = publisher;
        this.audioLevelId = audioLevelId;
        this.cache = cache;
        this.group = null;
        this.layer = layer;
    }

    private StreamSource(String id, long ssrc, SimulcastGroup group) {
        this.id = id;
        this.ssrc = ssrc;
        this.video = true;
        this.publisher = null;
        this.audioLevelId = 0;
        this.cache = null;
        this.group = group;
        this.layer = false;
    }

    /** One layer of a simulcast track (video, with a NACK cache), forwarded to its group's receivers. */
    static StreamSource layer(String id, long ssrc, PacketSender publisher, int[] hidden) {
        StreamSource s = new StreamSource(id, ssrc, true, publisher, 0, new PacketCache(256, 1500), true);
        s.hide(hidden);
        return s;
    }

    /** The stream receivers see of a simulcast track; packets flow through its group's layers. */
    static StreamSource virtual(String id, long ssrc, SimulcastGroup group) {
        return new StreamSource(id, ssrc, group);
    }

    /** Header extension ids receivers must not see (see {@link HeaderExtensions}); 0 = none. */
    public void hide(int[] ids) {
        hiding = HeaderExtensions.hiding(ids);
    }

    public String id() {
        return id;
    }

    public long ssrc() {
        return ssrc;
    }

    public boolean isVideo() {
        return video;
    }

    public PacketSender publisher() {
        return publisher;
    }

    /**
     * The SSRC retransmissions to receivers that negotiated RTX go out on (the {@code FID} partner of {@link #ssrc()}
     * in their offers), 0 for none. Set on the control thread before the stream is offered.
     */
    public void rtxSsrc(long ssrc) {
        this.rtxSsrc = ssrc;
    }

    public long rtxSsrc() {
        return rtxSsrc;
    }

    /**
     * Forwards one decrypted packet of this stream (on the publisher's packet thread) through the stream's stages of
     * the {@link MediaPipeline}, uncounted (a participant's packets go through {@link Forwarder}, which counts). Never
     * throws.
     */
    public void forward(byte[] buf, int off, int len, long nowNanos) {
        MediaPipeline.forward(this, buf, off, len, nowNanos, null);
    }

    /** Passes one RTCP packet about this stream (a sender report) on to every receiver. */
    public void relayRtcp(byte[] buf, int off, int len) {
        PacketSender[] rs = receivers;
        byte[] copy = Scratch.rtcp();
        for (PacketSender r : rs) {
            System.arraycopy(buf, off, copy, 0, len);
            r.sendRtcp(copy, 0, len);
        }
    }

    /** Asks the publisher for a key frame (PLI, or FIR when {@code fir}), at most once per interval. */
    public boolean keyframe(boolean fir, long nowNanos) {
        if (group != null) {
            group.keyframe(fir, nowNanos);
            return true;
        }
        if (!video || nowNanos - lastKeyframeRequestNanos < KEYFRAME_INTERVAL_NANOS) {
            return false;
        }
        lastKeyframeRequestNanos = nowNanos;
        keyframeRequests++;
        byte[] b = Scratch.rtcp();
        int n = fir ? Fir.write(b, 0, SFU_SSRC, ssrc, firSequence++ & 0xFF) : Pli.write(b, 0, SFU_SSRC, ssrc);
        return publisher.sendRtcp(b, 0, n);
    }

    /**
     * Re-sends packet {@code seq} (as forwarded) to {@code to} from the cache: as RTX when {@code to} negotiated it,
     * else as it was sent. False when it is gone.
     */
    public boolean retransmit(int seq, PacketSender to) {
        return resend(seq, to) >= 0;
    }

    /** As {@link #retransmit}, returning the bytes sent, or -1 when the packet is gone or the send failed. */
    public int resend(int seq, PacketSender to) {
        if (group != null) {
            return group.retransmit(seq, to);
        }
        if (cache == null) {
            return -1;
        }
        byte[] b = Scratch.rtp();
        int n = cache.copy(seq, b);
        if (n < 0) {
            return -1;
        }
        RtxStream x = rtxTo(to);
        if (x != null && (n = x.wrap(b, n)) < 0) {
            return -1;
        }
        retransmitted++;
        return to.sendRtp(b, 0, n) ? n : -1;
    }

    /**
     * The RTX stream this stream is sent to {@code receiver} with, for a bandwidth probe to pad on; null when the
     * receiver gets no RTX of it (or not this stream).
     */
    public PaddingSource paddingTo(PacketSender receiver) {
        return group != null ? group.paddingTo(receiver) : rtxTo(receiver);
    }

    private RtxStream rtxTo(PacketSender to) {
        for (RtxStream x : rtx) {
            if (x.to == to) {
                return x;
            }
        }
        return null;
    }

    /** Copies cached packet {@code seq} (as this stream forwarded it) into {@code dst}; -1 when gone. */
    int copyCached(int seq, byte[] dst) {
        return cache == null ? -1 : cache.copy(seq, dst);
    }

    // ---- control thread ---------------------------------------------------------------------------------

    public void attach(PacketSender receiver) {
        attach(receiver, 0);
    }

    /**
     * Forwards this stream to {@code receiver}; its NACKs are answered as RTX with {@code rtxPayloadType} (0 = as
     * the original packet, for a receiver that did not negotiate RTX). Attaching again only updates the RTX choice.
     */
    public synchronized void attach(PacketSender receiver, int rtxPayloadType) {
        if (group != null) {
            group.attach(receiver, rtxPayloadType);
            return;
        }
        RtxStream x = rtxTo(receiver);
        boolean active = x != null;
        if (x == null) {
            x = parkedRtx.remove(receiver);
        }
        int wanted = rtxSsrc == 0 ? 0 : rtxPayloadType;
        RtxStream next = RtxStream.continuing(x, receiver, rtxSsrc, wanted);
        if (next != x || !active) {
            RtxStream[] others = without(rtx, receiver);
            if (next == null) {
                rtx = others.length == 0 ? NO_RTX : others;
                if (x != null) {
                    parkedRtx.put(receiver, x); // RTX may come back: its numbers go on from here
                }
            } else {
                RtxStream[] all = java.util.Arrays.copyOf(others, others.length + 1);
                all[others.length] = next;
                rtx = all;
            }
        }
        PacketSender[] rs = receivers;
        for (PacketSender r : rs) {
            if (r == receiver) {
                return;
            }
        }
        PacketSender[] grown = java.util.Arrays.copyOf(rs, rs.length + 1);
        grown[rs.length] = receiver;
        receivers = grown;
    }

    private static RtxStream[] without(RtxStream[] all, PacketSender receiver) {
        return java.util.Arrays.stream(all).filter(x -> x.to != receiver).toArray(RtxStream[]::new);
    }

    public synchronized void detach(PacketSender receiver) {
        if (group != null) {
            group.detach(receiver);
            return;
        }
        PacketSender[] rs = receivers;
        int n = 0;
        PacketSender[] next = new PacketSender[rs.length];
        for (PacketSender r : rs) {
            if (r != receiver) {
                next[n++] = r;
            }
        }
        receivers = n == 0 ? NONE : java.util.Arrays.copyOf(next, n);
        RtxStream parked = rtxTo(receiver);
        if (parked != null) {
            parkedRtx.put(receiver, parked);
        }
        RtxStream[] x = without(rtx, receiver);
        rtx = x.length == 0 ? NO_RTX : x;
    }

    public synchronized void detachAll() {
        if (group != null) {
            group.detachAll();
        }
        for (RtxStream x : rtx) {
            parkedRtx.put(x.to, x);
        }
        receivers = NONE;
        rtx = NO_RTX;
    }

    public int receiverCount() {
        if (group != null) {
            return group.receiverCount();
        }
        return receivers.length;
    }

    public boolean isAttached(PacketSender receiver) {
        if (group != null) {
            return group.isAttached(receiver);
        }
        for (PacketSender r : receivers) {
            if (r == receiver) {
                return true;
            }
        }
        return false;
    }

    /** Muted streams are dropped here, before any receiver sees them (rtcd drops muted voice the same way). */
    public void mute(boolean muted) {
        this.muted = muted;
        if (muted) {
            lastVoiceNanos = Long.MIN_VALUE / 2;
            loudness = 0;
        }
    }

    public boolean isMuted() {
        return muted;
    }

    /** Voice seen within {@code hangoverNanos}: the speaker indicator stays on through short pauses. */
    public boolean speaking(long nowNanos, long hangoverNanos) {
        return !muted && nowNanos - lastVoiceNanos < hangoverNanos;
    }

    /** Smoothed loudness, 0 (silence) .. 127 (0 dBov). */
    public int loudness() {
        return loudness;
    }

    public ReceiveStats stats() {
        return stats;
    }

    public long bytesForwarded() {
        return bytes;
    }

    /** Whether a packet arrived within {@code windowNanos}. */
    public boolean flowing(long nowNanos, long windowNanos) {
        return nowNanos - lastPacketNanos < windowNanos;
    }

    /** The simulcast group this virtual stream stands for, or null. */
    public SimulcastGroup group() {
        return group;
    }

    public long forwardedPackets() {
        return forwarded;
    }

    /** Packets re-sent for NACKs, as RTX or not. */
    public long retransmittedPackets() {
        return retransmitted;
    }

    /** Whether NACKs from {@code receiver} are answered as RTX (for tests and diagnostics). */
    public boolean sendsRtxTo(PacketSender receiver) {
        return group != null ? group.sendsRtxTo(receiver) : rtxTo(receiver) != null;
    }

    public long keyframeRequests() {
        return keyframeRequests;
    }

    @Override
    public String toString() {
        return id + "(" + ssrc + (video ? ", video" : ", audio") + ")";
    }
}
