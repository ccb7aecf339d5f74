package io.prochat.rtc.sfu.media;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToLongFunction;

import io.prochat.rtc.sfu.PacketSender;
import io.prochat.rtc.sfu.rtp.RtpPacketView;

/**
 * A simulcast screen share (rtcd.md §3.5: layers {@code l} and {@code h}): the layers' SSRCs are not in the SDP, so
 * each is bound from the rid header extension of its first packet (RFC 8852). Receivers see one stream, the
 * {@link #stream() virtual} one, and each gets the layer it can take ({@link #select}, once a second on the control
 * thread): the highest layer that is flowing and fits the receiver's downlink share (its transport-cc estimate,
 * else its REMB). Going up needs the share to cover the layer's measured rate with 10 % to spare; staying on a layer
 * only needs 85 % of it (hysteresis, so a share near a layer's rate does not flap). After a switch down, no switch
 * up for a back-off that starts at {@link #MIN_BACKOFF_NANOS} and doubles, up to {@link #MAX_BACKOFF_NANOS}, each time
 * a switch up is followed by a switch down within {@link #FAILED_UP_NANOS} (the higher layer did not fit after all).
 * A switch waits for a key frame of the new layer, asked for with a PLI.
 */
public final class SimulcastGroup {
    private static final ThreadLocal<RtpPacketView> VIEW = ThreadLocal.withInitial(RtpPacketView::new);
    /** A layer with no packet for this long is not flowing (the browser paused it, or never sent it). */
    static final long ACTIVE_NANOS = 1_000_000_000L;
    static final long MIN_BACKOFF_NANOS = 2_000_000_000L;
    static final long MAX_BACKOFF_NANOS = 16_000_000_000L;
    static final long FAILED_UP_NANOS = 10_000_000_000L;

    private final String id;
    private final PacketSender publisher;
    private final List<String> rids;
    private final int ridExtId;
    private final int[] hidden;
    private final StreamTable own;
    private final ToLongFunction<PacketSender> downlinkOf;
    private final StreamSource[] layers;
    private final long[] lastBytes;
    private final long[] rates;
    private final StreamSource stream;
    private final CopyOnWriteArrayList<LayerReceiver> receivers = new CopyOnWriteArrayList<>();
    /**
     * Receivers detached while the share was off, kept so that a restarted share continues their sequence numbers
     * and timestamps on the same SSRC (their SRTP state for it lives on). Control thread only.
     */
    private final java.util.Map<PacketSender, LayerReceiver> paused = new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<PacketSender, LayerReceiver> eldest) {
            return size() > MAX_PAUSED; // receivers who left the room meanwhile: not worth keeping
        }
    };
    private static final int MAX_PAUSED = 128;
    private long lastSelectNanos;

    /**
     * @param rids low to high, as the browser's {@code a=simulcast:send} lists them
     * @param hidden extension ids to hide from receivers (mid, rid, repaired rid)
     * @param downlinkOf a receiver's bandwidth share in bit/s, 0 when unknown
     */
    public SimulcastGroup(String id, long virtualSsrc, PacketSender publisher, List<String> rids, int ridExtId,
            int[] hidden, StreamTable own, ToLongFunction<PacketSender> downlinkOf) {
        this.id = id;
        this.publisher = publisher;
        this.rids = List.copyOf(rids);
        this.ridExtId = ridExtId;
        this.hidden = hidden.clone();
        this.own = own;
        this.downlinkOf = downlinkOf;
        this.layers = new StreamSource[rids.size()];
        this.lastBytes = new long[rids.size()];
        this.rates = new long[rids.size()];
        this.stream = StreamSource.virtual(id, virtualSsrc, this);
    }

    /** What receivers are offered and send feedback about. */
    public StreamSource stream() {
        return stream;
    }

    /** The layer of a packet whose SSRC nobody knows yet, bound by its rid (packet thread); null when not ours. */
    StreamSource bind(byte[] buf, int off, int len, long ssrc) {
        RtpPacketView v = VIEW.get();
        if (ridExtId <= 0 || !v.wrap(buf, off, len)) {
            return null;
        }
        int at = v.findExtension(ridExtId);
        if (at < 0) {
            return null;
        }
        int n = v.extensionLength(at);
        for (int i = 0; i < rids.size(); i++) {
            if (matches(rids.get(i), buf, at, n)) {
                synchronized (this) {
                    if (layers[i] == null) { // once per layer: the only allocation on this path
                        StreamSource s = StreamSource.layer(id + "_" + rids.get(i), ssrc, publisher, hidden);
                        layers[i] = s;
                        own.add(s);
                    }
                    return layers[i].ssrc() == ssrc ? layers[i] : null;
                }
            }
        }
        return null;
    }

    private static boolean matches(String rid, byte[] b, int at, int n) {
        if (rid.length() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (rid.charAt(i) != b[at + i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * A receiver's NACK for packet {@code seq} of the stream it sees (receiver's packet thread): the bytes resent, or
     * -1.
     */
    int retransmit(int seq, PacketSender receiver) {
        LayerReceiver r = find(receiver);
        return r == null ? -1 : r.resend(seq, Scratch.rtp());
    }

    // ---- control thread ---------------------------------------------------------------------------------

    void attach(PacketSender receiver, int rtxPayloadType) {
        LayerReceiver r = find(receiver);
        boolean fresh = r == null;
        if (fresh) {
            r = paused.remove(receiver);
            if (r == null) {
                r = new LayerReceiver(receiver, stream.ssrc());
            }
        }
        int wanted = stream.rtxSsrc() == 0 ? 0 : rtxPayloadType;
        RtxStream x = r.rtx;
        if (x == null ? wanted != 0 : x.payloadType != wanted) {
            RtxStream next = RtxStream.continuing(x != null ? x : r.lastRtx, receiver, stream.rtxSsrc(), wanted);
            if (x != null) {
                r.lastRtx = x; // RTX may come back: its numbers go on from here
            }
            r.rtx = next;
        }
        if (fresh) {
            receivers.add(r);
            select(System.nanoTime(), true);
        }
    }

    io.prochat.rtc.sfu.cc.PaddingSource paddingTo(PacketSender receiver) {
        LayerReceiver r = find(receiver);
        return r == null ? null : r.rtx;
    }

    boolean sendsRtxTo(PacketSender receiver) {
        LayerReceiver r = find(receiver);
        return r != null && r.rtx != null;
    }

    void detach(PacketSender receiver) {
        LayerReceiver r = find(receiver);
        if (r != null) {
            receivers.remove(r);
            for (StreamSource s : layers()) {
                s.detach(r);
            }
            r.pause();
            paused.put(receiver, r);
        }
    }

    void detachAll() {
        for (LayerReceiver r : receivers) {
            detach(r.target);
        }
    }

    boolean isAttached(PacketSender receiver) {
        return find(receiver) != null;
    }

    int receiverCount() {
        return receivers.size();
    }

    void keyframe(boolean fir, long now) {
        for (StreamSource s : layers()) {
            s.keyframe(fir, now);
        }
    }

    /** The rid each receiver is on (null while none flows), for tests and diagnostics. */
    public List<String> receiverLayers() {
        return receivers.stream().map(r -> r.current == null ? null : ridOf(r.current)).toList();
    }

    /** The rid {@code receiver} is on (null while none flows to it, or when it is not a receiver of this share). */
    public String layerOf(PacketSender receiver) {
        LayerReceiver r = find(receiver);
        StreamSource s = r == null ? null : r.current;
        return s == null ? null : ridOf(s);
    }

    /** Each layer's rate in bit/s as last measured, low to high (diagnostics and tests; control thread). */
    public long[] layerRatesBps() {
        return rates.clone();
    }

    private String ridOf(StreamSource s) {
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] == s) {
                return rids.get(i);
            }
        }
        return null;
    }

    /** Measures each layer's rate and moves receivers to the layer they can take; {@code force} skips the wait. */
    public void select(long now, boolean force) {
        StreamSource[] ls = layersByIndex();
        if (!force && now - lastSelectNanos < 1_000_000_000L) {
            return;
        }
        double seconds = lastSelectNanos == 0 ? 1 : (now - lastSelectNanos) / 1e9;
        lastSelectNanos = now;
        for (int i = 0; i < ls.length; i++) {
            if (ls[i] != null) {
                long b = ls[i].bytesForwarded();
                rates[i] = (long) ((b - lastBytes[i]) * 8 / Math.max(seconds, 0.001));
                lastBytes[i] = b;
            }
        }
        for (LayerReceiver r : receivers) {
            StreamSource going = r.pending != null ? r.pending : r.current;
            int from = indexOf(ls, going);
            StreamSource want = choose(ls, downlinkOf.applyAsLong(r.target), now, from, r.upAllowedNanos);
            if (want != null && want != going) {
                if (from >= 0) {
                    switched(r, indexOf(ls, want) > from, now);
                }
                r.pending = want;
                want.attach(r);
                want.keyframe(false, now);
            } else if (r.pending != null) {
                // still waiting: the first request may have fallen in another receiver's keyframe interval, and a
                // screen share sends key frames only when asked
                r.pending.keyframe(false, now);
            }
            for (StreamSource s : ls) {
                if (s != null && s != r.current && s != r.pending) {
                    s.detach(r);
                }
            }
        }
    }

    /**
     * The layer for a receiver with share {@code downlink} (0 = unknown: the highest flowing) now on layer
     * {@code from} (-1: none yet).
     */
    private StreamSource choose(StreamSource[] ls, long downlink, long now, int from, long upAllowed) {
        StreamSource best = null;
        for (int i = 0; i < ls.length; i++) {
            StreamSource s = ls[i];
            if (s == null || !s.flowing(now, ACTIVE_NANOS)) {
                continue;
            }
            boolean up = from >= 0 && i > from;
            long need = up ? rates[i] * 11 / 10 : rates[i] * 85 / 100;
            if (best == null || downlink == 0 || downlink >= need && (!up || now >= upAllowed)) {
                best = s; // higher layers come later: keep the highest that fits, else the lowest flowing
            }
        }
        return best;
    }

    /** Book-keeping of one switch: the back-off, and the SFU's counters. */
    private void switched(LayerReceiver r, boolean up, long now) {
        if (up) {
            r.lastUpNanos = now;
        } else {
            boolean failedUp = now - r.lastUpNanos < FAILED_UP_NANOS;
            r.backoffNanos = failedUp ? Math.min(r.backoffNanos * 2, MAX_BACKOFF_NANOS) : MIN_BACKOFF_NANOS;
            r.upAllowedNanos = now + r.backoffNanos;
        }
        if (publisher instanceof io.prochat.rtc.sfu.MediaTransport t) {
            t.metrics().layerSwitch(up);
        }
    }

    private static int indexOf(StreamSource[] ls, StreamSource s) {
        for (int i = 0; s != null && i < ls.length; i++) {
            if (ls[i] == s) {
                return i;
            }
        }
        return -1;
    }

    private LayerReceiver find(PacketSender receiver) {
        for (LayerReceiver r : receivers) {
            if (r.target == receiver) {
                return r;
            }
        }
        return null;
    }

    private synchronized StreamSource[] layersByIndex() {
        return layers.clone();
    }

    private List<StreamSource> layers() {
        return java.util.Arrays.stream(layersByIndex()).filter(java.util.Objects::nonNull).toList();
    }
}
