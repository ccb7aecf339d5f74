package io.prochat.rtc.sfu.room;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.prochat.rtc.sfu.CloseReason;
import io.prochat.rtc.sfu.MediaTransport;
import io.prochat.rtc.sfu.Sfu;
import io.prochat.rtc.sfu.ice.IceCandidate;
import io.prochat.rtc.sfu.media.Forwarder;
import io.prochat.rtc.sfu.media.PacketCache;
import io.prochat.rtc.sfu.media.SimulcastGroup;
import io.prochat.rtc.sfu.media.StreamSource;
import io.prochat.rtc.sfu.media.StreamTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A huddle: participants, their tracks, and who receives what. Every public method only queues the operation on the
 * control thread (one for all rooms, see {@link Rooms}), so callers (WebSocket threads) never wait on media and room
 * state has a single writer. Results reach clients as {@link Signal}s through their {@link SignalSink}.
 */
public final class Room {
    private static final Logger LOG = LoggerFactory.getLogger(Room.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String id;
    private final Sfu sfu;
    private final Rooms.Config config;
    private final Executor control;
    /** Long past the last packet a leaver's stream can have in flight (the forward loop that held it). */
    private static final long FORGET_DELAY_MS = 2000;
    private final Rooms owner;
    final Map<String, Participant> participants = new LinkedHashMap<>();
    private final StreamTable streams = new StreamTable();
    private final RoomTicker ticker;
    private volatile int size;
    private boolean closed;

    Room(String id, Sfu sfu, Rooms.Config config, Executor control, Rooms owner) {
        this.id = id;
        this.sfu = sfu;
        this.config = config;
        this.control = control;
        this.owner = owner;
        this.ticker = new RoomTicker(this, config);
    }

    public String id() {
        return id;
    }

    /** Participants now (any thread). */
    public int size() {
        return size;
    }

    public void join(JoinRequest request, SignalSink sink) {
        control.execute(() -> doJoin(request, sink));
    }

    /** The client's WebSocket came back: deliver to {@code sink} again, re-sending the offer it may have missed. */
    public void resume(String sessionId, String userId, SignalSink sink) {
        control.execute(() -> {
            Participant p = participants.get(sessionId);
            if (p == null || !p.userId.equals(userId)) {
                sink.send(new Signal.Failure("unknown_session", "no such session in this call; join again"));
                return;
            }
            p.sink = sink;
            p.disconnectedNanos = 0;
            sink.send(new Signal.Joined(p.id(), id));
            sink.send(roster());
            if (p.inFlightOffer != null) {
                sink.send(p.inFlightOffer);
            }
        });
    }

    /** The signalling connection dropped: media goes on; the session waits {@code reconnectGrace} for a resume. */
    public void disconnected(String sessionId, SignalSink sink) {
        control.execute(() -> {
            Participant p = participants.get(sessionId);
            if (p != null && p.sink == sink) {
                p.sink = null;
                p.disconnectedNanos = System.nanoTime();
            }
        });
    }

    public void answer(String sessionId, String sdp) {
        control.execute(() -> {
            Participant p = participants.get(sessionId);
            if (p != null && Negotiator.answered(p, RoomSdp.rtxAccepted(sdp, p.codecs.vp8Pt(), p.codecs.rtxPt()))) {
                Negotiator.sync(p, tracksFor(p));
            }
        });
    }

    /** A client offer after the join: refused, the SFU is the only offerer (see {@link Negotiator}). */
    public void clientOffer(String sessionId) {
        control.execute(() -> {
            Participant p = participants.get(sessionId);
            if (p != null) {
                p.send(new Signal.Failure("glare", "the server makes every offer after the join; ask with a message"));
            }
        });
    }

    public void candidate(String sessionId, String candidate) {
        control.execute(() -> {
            Participant p = participants.get(sessionId);
            if (p != null && candidate != null && !candidate.isBlank()) {
                try {
                    p.transport.addRemoteCandidate(IceCandidate.parse(candidate));
                } catch (IllegalArgumentException e) {
                    p.send(new Signal.Failure("bad_candidate", e.getMessage()));
                }
            }
        });
    }

    public void mute(String sessionId, boolean muted) {
        control.execute(() -> {
            Participant p = participants.get(sessionId);
            Track mic = p == null ? null : p.own.get(TrackKind.MIC);
            if (mic != null) {
                mic.stream().mute(muted);
                broadcast(roster());
            }
        });
    }

    public void camera(String sessionId, boolean on) {
        control.execute(() -> publish(sessionId, TrackKind.CAMERA, on));
    }

    public void screen(String sessionId, boolean on, boolean withAudio) {
        control.execute(() -> {
            publish(sessionId, TrackKind.SCREEN_AUDIO, on && withAudio);
            publish(sessionId, TrackKind.SCREEN, on);
        });
    }

    public void leave(String sessionId) {
        control.execute(() -> {
            Participant p = participants.get(sessionId);
            if (p != null) {
                remove(p, "left");
            }
        });
    }

    /** Session ids and the tracks each receives (for tests and diagnostics; waits for the control thread). */
    public Map<String, List<String>> snapshot() {
        return CompletableFuture.supplyAsync(() -> {
            Map<String, List<String>> m = new LinkedHashMap<>();
            participants.values().forEach(p -> m.put(p.id(), new ArrayList<>(p.trackMap().keySet())));
            return m;
        }, control).join();
    }

    /** The streams of the room (for tests and the benchmark's checks). */
    public StreamSource[] streams() {
        return streams.snapshot();
    }

    // ---- control thread ---------------------------------------------------------------------------------

    private void doJoin(JoinRequest r, SignalSink sink) {
        if (closed) {
            sink.send(new Signal.Failure("room_closed", "this call has ended"));
            return;
        }
        if (participants.size() >= config.maxParticipants()) {
            sink.send(new Signal.Failure("room_full", "this call already has " + participants.size()
                    + " participants, the most it allows ([RTC] MaxCallParticipants)"));
            return;
        }
        RoomSdp.Join j;
        try {
            j = RoomSdp.parseJoin(r.offerSdp(), r.tracks());
        } catch (IllegalArgumentException e) {
            sink.send(new Signal.Failure("bad_offer", e.getMessage()));
            return;
        }
        for (long ssrc : j.ssrcs().values()) {
            if (ssrc >= 0 && (streams.find(ssrc) != null || isRtxSsrc(ssrc) || ssrc == StreamSource.SFU_SSRC)) {
                // another member's SSRC (learnt from its offers): two streams on one SSRC would share receivers'
                // SRTP state and encrypt two packets under one index
                sink.send(new Signal.Failure("bad_offer", "SSRC " + ssrc + " is already in use in this call"));
                return;
            }
        }
        String sid = HexFormat.of().formatHex(randomBytes());
        Forwarder forwarder = new Forwarder(streams);
        // what the client sends is renumbered into the room's numbering before the forwarder sees it
        forwarder.rtxPayloadType(j.codecs().rtxPt() > 0 ? SessionCodecs.RTX_PT : 0);
        Participant p = new Participant(sid, r.userId(), r.name(), forwarder, j.codecs());
        p.slots.addAll(j.slots());
        p.sink = sink;
        try {
            p.transport = sfu.accept(j.remote(), forwarder, new TransportEvents(p));
            // before any media: SRTP starts only after ICE and a DTLS handshake
            p.transport.renumber(j.codecs().inbound(), j.codecs().outbound());
        } catch (IOException | RuntimeException e) {
            sink.send(new Signal.Failure("transport", String.valueOf(e.getMessage())));
            return;
        }
        SessionCodecs.Simulcast sim = j.codecs().simulcast();
        j.ssrcs().forEach((kind, ssrc) -> {
            if (kind == TrackKind.SCREEN && sim != null) {
                SimulcastGroup g = new SimulcastGroup("screen_" + sid, freshSsrc(), p.transport, sim.rids(),
                        SessionCodecs.RID_ID, sim.hiddenInRoom(), forwarder.own(), this::downlinkShare);
                g.stream().rtxSsrc(freshSsrc());
                forwarder.simulcast(g);
                streams.add(g.stream());
                p.own.put(kind, new Track(p, kind, g.stream()));
                return;
            }
            StreamSource s = new StreamSource(kind.wireName() + "_" + sid, ssrc, kind.isVideo(), p.transport,
                    kind.isVideo() || j.codecs().audioLevelId() == 0 ? 0 : SessionCodecs.AUDIO_LEVEL_ID,
                    kind.isVideo() ? new PacketCache(config.nackHistory(), 1500) : null);
            if (kind.isVideo()) {
                s.rtxSsrc(freshSsrc());
            }
            if (sim != null) {
                s.hide(sim.hiddenInRoom()); // this client sends mid and rid on every packet: receivers must not see them
            }
            forwarder.own().add(s);
            streams.add(s);
            p.own.put(kind, new Track(p, kind, s));
        });
        Track mic = p.own.get(TrackKind.MIC);
        if (mic != null) {
            p.published.add(TrackKind.MIC); // always forwarded: unmute needs no renegotiation, as in rtcd
            mic.stream().mute(!r.micOn());
        }
        if (r.cameraOn() && p.own.containsKey(TrackKind.CAMERA)) {
            p.published.add(TrackKind.CAMERA);
        }
        participants.put(sid, p);
        size = participants.size();
        LOG.debug("{}: {} joined ({} now)", id, p, size);
        sink.send(new Signal.Joined(sid, id));
        sink.send(new Signal.Answer(SessionWriter.answer(p, p.transport.localDescription())));
        syncAll();
        broadcast(roster());
    }

    /**
     * An SSRC the SFU sends on (what receivers see of a simulcast screen share, and RTX): random, and unused by any
     * stream of the room when chosen.
     */
    private long freshSsrc() {
        long v;
        do {
            v = RANDOM.nextInt() & 0xFFFF_FFFFL;
        } while (v == 0 || streams.find(v) != null || isRtxSsrc(v));
        return v;
    }

    private boolean isRtxSsrc(long v) {
        for (StreamSource s : streams.snapshot()) {
            if (s.rtxSsrc() == v) {
                return true;
            }
        }
        return false;
    }

    /** A receiver's REMB estimate divided among the videos it receives; 0 when it sent none (control thread). */
    private long downlinkShare(io.prochat.rtc.sfu.PacketSender receiver) {
        for (Participant q : participants.values()) {
            if (q.transport == receiver) {
                int videos = 0;
                for (Slot s : q.slots) {
                    if (s.track != null && s.track.kind().isVideo()) {
                        videos++;
                    }
                }
                return q.forwarder.downlinkBps() / Math.max(1, videos);
            }
        }
        return 0;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }

    private void publish(String sessionId, TrackKind kind, boolean on) {
        Participant p = participants.get(sessionId);
        Track t = p == null ? null : p.own.get(kind);
        if (t == null || p.published.contains(kind) == on) {
            return;
        }
        if (on) {
            p.published.add(kind);
        } else {
            p.published.remove(kind);
            t.stream().detachAll();
        }
        syncAll();
        broadcast(roster());
    }

    void remove(Participant p, String reason) {
        if (p.left) {
            return;
        }
        p.left = true;
        participants.remove(p.id());
        size = participants.size();
        List<Long> gone = new ArrayList<>();
        for (Track t : p.own.values()) {
            t.stream().detachAll();
            streams.remove(t.stream());
            gone.add(t.stream().ssrc());
            gone.add(t.stream().rtxSsrc());
        }
        forgetLater(gone);
        for (Slot s : p.slots) {
            if (s.track != null) {
                s.track.stream().detach(p.transport);
            }
        }
        p.send(new Signal.Closed(reason));
        p.sink = null;
        p.transport.close();
        LOG.debug("{}: {} removed: {} ({} left)", id, p, reason, size);
        syncAll();
        broadcast(roster());
        if (participants.isEmpty()) {
            owner.empty(this);
        }
    }

    /**
     * Drops the others' SRTP state for a leaver's streams once no packet of them can still be in flight on a packet
     * thread (sending after the state is gone would start the stream over at index 0), so a long huddle's churn does
     * not fill the receivers' tables.
     */
    private void forgetLater(List<Long> ssrcs) {
        CompletableFuture.delayedExecutor(FORGET_DELAY_MS, TimeUnit.MILLISECONDS, control).execute(() -> {
            for (Participant q : participants.values()) {
                for (long ssrc : ssrcs) {
                    if (ssrc != 0) {
                        q.transport.forgetOutbound(ssrc);
                    }
                }
            }
        });
    }

    void syncAll() {
        for (Participant q : new ArrayList<>(participants.values())) {
            Negotiator.sync(q, tracksFor(q));
        }
    }

    private List<Track> tracksFor(Participant p) {
        List<Track> out = new ArrayList<>();
        for (Participant o : participants.values()) {
            if (o != p) {
                out.addAll(o.publishedTracks());
            }
        }
        return out;
    }

    Signal.Roster roster() {
        List<Signal.Member> members = new ArrayList<>();
        participants.values().forEach(p -> members.add(p.member()));
        return new Signal.Roster(members);
    }

    void broadcast(Signal s) {
        participants.values().forEach(p -> p.send(s));
    }

    void tick(long nowNanos) {
        ticker.tick(nowNanos);
    }

    /** Ends every session (call ended). */
    void closeNow(String reason) {
        closed = true;
        for (Participant p : new ArrayList<>(participants.values())) {
            remove(p, reason);
        }
    }

    /** Transport events arrive on ICE/DTLS threads; they are handled on the control thread. */
    private final class TransportEvents implements MediaTransport.StateListener {
        private final Participant p;

        TransportEvents(Participant p) {
            this.p = p;
        }

        @Override
        public void onConnected(MediaTransport transport) {
            control.execute(() -> {
                long now = System.nanoTime();
                for (Slot s : p.slots) {
                    if (s.track != null && s.track.kind().isVideo() && s.track.stream().isAttached(transport)) {
                        s.track.stream().keyframe(false, now);
                    }
                }
            });
        }

        @Override
        public void onClosed(MediaTransport transport, CloseReason reason) {
            control.execute(() -> remove(p, "media " + reason.name().toLowerCase(java.util.Locale.ROOT)));
        }
    }
}
