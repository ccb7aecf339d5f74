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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.prochat.rtc.sfu.CloseReason;
import io.prochat.rtc.sfu.MediaTransport;
import io.prochat.rtc.sfu.Sfu;
import io.prochat.rtc.sfu.SfuMetrics;
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
 * room's control executor (its own {@link SerialExecutor} on the pool of {@link Rooms}), so callers (WebSocket
 * threads) never wait on media, room state has a single writer, and rooms do not wait for each other. Results reach clients as {@link Signal}s through their {@link SignalSink}.
 */
public final class Room {
    private static final Logger LOG = LoggerFactory.getLogger(Room.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String id;
    private final Sfu sfu;
    private final Rooms.Config config;
    private final SerialExecutor control;
    private final ScheduledExecutorService timers;
    /** Changes waiting for {@link #flush}: offers to make, a roster to send; a flush is queued. */
    private boolean syncPending;
    private boolean rosterPending;
    private boolean flushQueued;
        /** A tick is queued and has not run yet: the next one is skipped rather than piled up behind a slow operation. */
    private final AtomicBoolean tickQueued = new AtomicBoolean();
    /** Long past the last packet a leaver's stream can have in flight (the forward loop that held it). */
    private static final long FORGET_DELAY_MS = 2000;
    /** Retired SSRCs a room remembers: about 700 leavers with all their tracks. */
    static final int MAX_RETIRED = 4096;
    private final Rooms owner;
    final Map<String, Participant> participants = new LinkedHashMap<>();
    private final StreamTable streams = new StreamTable();
    /**
     * SSRCs that were sent on in this room and are no longer (a leaver's, a replaced track's, the SFU's own for
     * them), each with the session that sent on it ("" for the SFU's). Receivers keep SRTP state per SSRC, and
     * browsers keep their own receive state too, so an SSRC is never given to another sender in the same room: a
     * joiner declaring one would inherit the old stream's rollover counter and replay window, or have its state
     * dropped under it when the old stream's delayed forget runs. Kept for the room's lifetime, bounded by
     * {@link #MAX_RETIRED} (oldest first out: by then its forget has long run).
     */
    private final Map<Long, String> retired = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
            return size() > MAX_RETIRED;
        }
    };
    /** Someone's media connected here once: only then does the room emptying end the call. */
    private boolean everConnected;
    private final RoomTicker ticker;
    private volatile int size;
    private boolean closed;

    Room(String id, Sfu sfu, Rooms.Config config, ScheduledExecutorService pool, Rooms owner) {
        this.id = id;
        this.sfu = sfu;
        this.config = config;
        this.control = new SerialExecutor(pool, "room " + id);
        this.timers = pool;
        this.owner = owner;
        this.ticker = new RoomTicker(this, config);
    }

    public String id() {
        return id;
    }

    /**
     * Runs a room operation on the room's control executor. An exception is logged with the room's id, never lost in
     * an executor's future, and the room goes on with the next operation. After the rooms shut down, it is dropped.
     */
    private void onControl(Runnable operation) {
        onControl(operation, false);
    }

    /** As {@link #onControl(Runnable)}; {@code first}: ahead of the plain operations queued (an answer). */
    private void onControl(Runnable operation, boolean first) {
        try {
            Runnable task = () -> {
                try {
                    operation.run();
                } catch (RuntimeException e) {
                    LOG.warn("room {}: an operation failed", id, e);
                }
            };
            if (first) {
                control.executeFirst(task);
            } else {
                control.execute(task);
            }
        } catch (RejectedExecutionException e) {
            LOG.debug("room {}: shut down, an operation dropped", id);
        }
    }

    /** The room's control executor (its operations in order). */
    Executor control() {
        return control;
    }

    /** Is the caller one of this room's operations? */
    boolean onItsControl() {
        return control.isCurrent();
    }

    /** Participants now (any thread). */
    public int size() {
        return size;
    }

    public void join(JoinRequest request, SignalSink sink) {
        onControl(() -> doJoin(request, sink));
    }

    /** The client's WebSocket came back: deliver to {@code sink} again, re-sending the offer it may have missed. */
    public void resume(String sessionId, String userId, SignalSink sink) {
        onControl(() -> {
            Participant p = participants.get(sessionId);
            if (p == null || !p.userId.equals(userId)) {
                refuse(sink, SfuMetrics.Refusal.UNKNOWN_SESSION, "unknown_session",
                        "no such session in this call; join again");
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
        onControl(() -> {
            Participant p = participants.get(sessionId);
            if (p != null && p.sink == sink) {
                p.sink = null;
                p.disconnectedNanos = System.nanoTime();
            }
        });
    }

    public void answer(String sessionId, String sdp) {
        onControl(() -> {
            Participant p = participants.get(sessionId);
            String[] ice = p == null || sdp == null ? null : RoomSdp.iceCredentials(sdp);
            if (ice != null && p.transport != null) {
                p.transport.remoteIceCredentials(ice[0], ice[1]); // a client that restarted ICE in its answer
            }
            if (p != null && Negotiator.answered(p, RoomSdp.rtxAccepted(sdp, p.codecs.vp8Pt(), p.codecs.rtxPt()))) {
                Negotiator.sync(p, tracksFor(p));
            }
            if (p != null) {
                mediaTimed(p);
            }
        }, true); // cheap, and what starts forwarding to p: not behind a burst of joins
    }

    /** A client offer after the join from a huddle page: refused, the SFU is its only offerer (see {@link Negotiator}). */
    public void clientOffer(String sessionId) {
        clientOffer(sessionId, null);
    }

    /**
     * A client offer after the join. A Calls client adds and removes its own tracks this way: answered when no server
     * offer is in flight, ignored while one is (the client is the polite peer and rolls back; rtcd.md §3.1). From a
     * huddle page it is refused.
     */
    public void clientOffer(String sessionId, String sdp) {
        onControl(() -> {
            Participant p = participants.get(sessionId);
            if (p == null) {
                return;
            }
            if (!p.clientNegotiates || sdp == null) {
                p.send(new Signal.Failure("glare", "the server makes every offer after the join; ask with a message"));
            } else if (p.inFlight != null) {
                LOG.debug("{}: {}'s offer crossed ours: ignored, the client answers ours first", id, p);
            } else {
                try {
                    renegotiatedByClient(p, sdp);
                } catch (RuntimeException e) {
                    LOG.warn("{}: {}'s offer could not be applied", id, p, e);
                    refuse(p.sink, SfuMetrics.Refusal.BAD_OFFER, "bad_offer",
                            "the offer could not be applied: " + e);
                }
            }
        });
    }

    /** The Calls client announced the MediaStream of its screen share, before adding its tracks (one sharer a call). */
    public void screenOn(String sessionId, String streamId) {
        onControl(() -> {
            Participant p = participants.get(sessionId);
            if (p == null) {
                return;
            }
            for (Participant o : participants.values()) {
                if (o != p && o.screenStreamId != null) {
                    p.send(new Signal.Failure("screen_taken", o.name + " is already sharing a screen in this call"));
                    return;
                }
            }
            p.screenStreamId = streamId;
        });
    }

    /** The Calls client stopped sharing its screen: receivers lose it now, whatever its next offer says. */
    public void screenOff(String sessionId) {
        onControl(() -> {
            Participant p = participants.get(sessionId);
            if (p != null) {
                p.screenStreamId = null;
                boolean changed = false;
                for (TrackKind k : new TrackKind[] {TrackKind.SCREEN, TrackKind.SCREEN_AUDIO}) {
                    Track t = p.own.get(k);
                    if (t != null && p.published.remove(k)) {
                        t.stream().detachAll();
                        changed = true;
                    }
                }
                if (changed) { // both in one offer to each receiver
                    changed(true);
                }
            }
        });
    }

    /** The Calls client announced its camera's MediaStream (1:1 video, rtcd #185); null when it stopped. */
    public void videoStream(String sessionId, String streamId) {
        onControl(() -> {
            Participant p = participants.get(sessionId);
            if (p != null) {
                p.videoStreamId = streamId;
                if (streamId == null) {
                    publish(sessionId, TrackKind.CAMERA, false);
                }
            }
        });
    }

    /** The session's data channel opened: others' tracks may now be offered to it (rtcd waits for it too). */
    public void dataChannelOpen(String sessionId) {
        onControl(() -> {
            Participant p = participants.get(sessionId);
            if (p != null && !p.ready) {
                p.ready = true;
                Negotiator.sync(p, tracksFor(p));
            }
        });
    }

    /**
     * The client asks for the signalling lock before it offers (rtcd's DC Lock): granted when no server offer is in
     * flight; until {@link #unlock} or {@link #LOCK_LEASE_NANOS} the server makes no offer to it.
     */
    public void lock(String sessionId, java.util.function.Consumer<Boolean> reply) {
        onControl(() -> {
            Participant p = participants.get(sessionId);
            boolean granted = p != null && p.inFlight == null && p.lockedSinceNanos == 0;
            if (granted) {
                p.lockedSinceNanos = System.nanoTime();
            }
            reply.accept(granted);
        });
    }

    public void unlock(String sessionId) {
        onControl(() -> {
            Participant p = participants.get(sessionId);
            if (p != null && p.lockedSinceNanos != 0) {
                p.lockedSinceNanos = 0;
                Negotiator.sync(p, tracksFor(p));
            }
        });
    }

    /** A lock no client holds this long is taken back: a client that died holding it must not stall its session. */
    static final long LOCK_LEASE_NANOS = 10_000_000_000L;

    void expireLocks(long now) {
        for (Participant p : participants.values()) {
            if (p.lockedSinceNanos != 0 && now - p.lockedSinceNanos > LOCK_LEASE_NANOS) {
                LOG.debug("{}: {} held the signalling lock too long: released", id, p);
                p.lockedSinceNanos = 0;
                Negotiator.sync(p, tracksFor(p));
            }
        }
    }

    public void candidate(String sessionId, String candidate) {
        onControl(() -> {
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
        onControl(() -> {
            Participant p = participants.get(sessionId);
            if (p != null) {
                p.micMuted = muted;
            }
            Track mic = p == null ? null : p.own.get(TrackKind.MIC);
            if (mic != null) {
                mic.stream().mute(muted);
                // a microphone is offered to the others from its first unmute on, and stays (no offer per mute)
                changed(!muted && p.published.add(TrackKind.MIC));
            }
        });
    }

    public void camera(String sessionId, boolean on) {
        onControl(() -> publish(sessionId, TrackKind.CAMERA, on));
    }

    public void screen(String sessionId, boolean on, boolean withAudio) {
        onControl(() -> {
            publish(sessionId, TrackKind.SCREEN_AUDIO, on && withAudio);
            publish(sessionId, TrackKind.SCREEN, on);
        });
    }

    public void leave(String sessionId) {
        onControl(() -> {
            Participant p = participants.get(sessionId);
            if (p != null) {
                remove(p, "left");
            }
        });
    }

    /** Session ids and the tracks each receives (for tests and diagnostics; waits for the control thread). */
    public Map<String, List<String>> snapshot() {
        return CompletableFuture.supplyAsync(() -> {
            if (flushQueued) {
                flush(); // as the room will be once its queue is through (the queued flush then finds nothing)
            }
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
        long start = System.nanoTime();
        if (closed) {
            refuse(sink, SfuMetrics.Refusal.ROOM_CLOSED, "room_closed", "this call has ended");
            return;
        }
        if (participants.size() >= config.maxParticipants()) {
            refuse(sink, SfuMetrics.Refusal.ROOM_FULL, "room_full", "this call already has " + participants.size()
                    + " participants, the most it allows ([RTC] MaxCallParticipants)");
            return;
        }
        long mine = participants.values().stream().filter(q -> q.userId.equals(r.userId())).count();
        if (mine >= config.maxSessionsPerUser()) {
            refuse(sink, SfuMetrics.Refusal.TOO_MANY_SESSIONS, "too_many_sessions", "you are already in this call "
                    + mine + " times; leave one first");
            return;
        }
        if (r.sessionId() != null && participants.containsKey(r.sessionId())) {
            refuse(sink, SfuMetrics.Refusal.SESSION_EXISTS, "session_exists", "session " + r.sessionId()
                    + " is already in this call");
            return;
        }
        RoomSdp.Join j;
        try {
            j = r.clientNegotiates() ? RoomSdp.parseCallsJoin(r.offerSdp(), null, null)
                    : RoomSdp.parseJoin(r.offerSdp(), r.tracks());
        } catch (IllegalArgumentException e) {
            refuse(sink, SfuMetrics.Refusal.BAD_OFFER, "bad_offer", e.getMessage());
            return;
        }
        if (refusedSsrcs(j.ssrcs().values(), null, sink)) {
            return;
        }
        if (!owner.admit()) { // last of the checks: a place is reserved from here on, released on every way out
            refuse(sink, SfuMetrics.Refusal.SERVER_FULL, "server_full", "this server carries "
                    + owner.participantCount() + " participants, the most it takes ([RTC] MaxServerParticipants);"
                    + " try again later");
            return;
        }
        String sid = r.sessionId() != null ? r.sessionId() : HexFormat.of().formatHex(randomBytes());
        Forwarder forwarder = new Forwarder(streams);
        // what the client sends is renumbered into the room's numbering before the forwarder sees it
        forwarder.rtxPayloadType(j.codecs().rtxPt() > 0 ? SessionCodecs.RTX_PT : 0);
        Participant p = new Participant(sid, r.userId(), r.name(), forwarder, j.codecs(), r.clientNegotiates());
        p.slots.addAll(j.slots());
        p.sink = sink;
        p.micMuted = !r.micOn();
        try {
            p.transport = sfu.accept(j.remote(), forwarder, new TransportEvents(p));
            // before any media: SRTP starts only after ICE and a DTLS handshake
            p.transport.renumber(j.codecs().inbound(), j.codecs().outbound());
            if (j.codecs().transportCcId() > 0) { // congestion control toward this receiver (issue 14)
                p.transport.congestion().enable(j.codecs().transportCcId(), j.codecs().opusPt());
            }
            if (r.onTransport() != null) {
                r.onTransport().accept(p.transport);
            }
        } catch (IOException | RuntimeException e) {
            if (p.transport != null) {
                p.transport.close();
            }
            owner.release();
            refuse(sink, SfuMetrics.Refusal.TRANSPORT, "transport", String.valueOf(e.getMessage()));
            return;
        }
        j.ssrcs().forEach((kind, ssrc) -> addOwnStream(p, kind, ssrc,
                kind == TrackKind.SCREEN && j.codecs().simulcast() != null));
        if (r.cameraOn() && p.own.containsKey(TrackKind.CAMERA)) {
            p.published.add(TrackKind.CAMERA);
        }
        if (r.clientNegotiates()) {
            p.published.addAll(p.own.keySet()); // a Calls client sends a track only while it shares it
        }
        participants.put(sid, p);
        size = participants.size();
        LOG.debug("{}: {} joined ({} now)", id, p, size);
        sink.send(new Signal.Joined(sid, id));
        sink.send(new Signal.Answer(SessionWriter.answer(p, p.transport.localDescription())));
        p.joinNanos = start;
        p.answerNanos = System.nanoTime();
        sfu.metrics().joinPhase(SfuMetrics.JoinPhase.SIGNALLING, p.answerNanos - start);
        changed(true);
    }

    /**
     * The last join phase: once {@code p} is connected and receives someone's track, forwarding to it has begun.
     * Logged with the other phases at DEBUG (a join's tail shows which phase it is in).
     */
    private void mediaTimed(Participant p) {
        if (p.mediaTimed || p.dtlsNanos == 0 || p.transport == null) {
            return;
        }
        for (Slot s : p.slots) {
            if (s.track != null && s.track.stream().isAttached(p.transport)) {
                p.mediaTimed = true;
                long now = System.nanoTime();
                sfu.metrics().joinPhase(SfuMetrics.JoinPhase.MEDIA, Math.max(0, now - p.dtlsNanos));
                LOG.debug("{}: {} join phases (ms): signalling {}, ice {}, dtls {}, media {}; {} in all", id, p,
                        ms(p.answerNanos - p.joinNanos), ms(p.iceNanos == 0 ? 0 : p.iceNanos - p.answerNanos),
                        ms(p.dtlsNanos - (p.iceNanos != 0 ? p.iceNanos : p.answerNanos)), ms(now - p.dtlsNanos),
                        ms(now - p.joinNanos));
                return;
            }
        }
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** Sends the failure, counted. */
    private void refuse(SignalSink sink, SfuMetrics.Refusal reason, String code, String message) {
        sfu.metrics().refused(reason);
        if (sink != null) {
            sink.send(new Signal.Failure(code, message));
        }
    }

    /**
     * Refuses (true) when one of {@code ssrcs} is sent on in this room now, or was and is retired; {@code session}
     * may declare again an SSRC it retired itself (a Calls client's transceiver that stopped sending and sends
     * again keeps its SSRC, and its numbering goes on), null for a joiner.
     */
    private boolean refusedSsrcs(java.util.Collection<Long> ssrcs, String session, SignalSink sink) {
        for (long ssrc : ssrcs) {
            if (ssrc < 0) {
                continue;
            }
            if (streams.find(ssrc) != null || isRtxSsrc(ssrc) || ssrc == StreamSource.SFU_SSRC) {
                // another member's SSRC (learnt from its offers): two streams on one SSRC would share receivers'
                // SRTP state and encrypt two packets under one index
                refuse(sink, SfuMetrics.Refusal.SSRC_IN_USE, "bad_offer", "SSRC " + ssrc
                        + " is already in use in this call");
                return true;
            }
            String by = retired.get(ssrc);
            if (by != null && !by.equals(session)) {
                LOG.debug("{}: SSRC {} refused: retired in this call", id, ssrc);
                refuse(sink, SfuMetrics.Refusal.SSRC_RETIRED, "ssrc_retired", "SSRC " + ssrc
                        + " was used in this call by someone who left; join again (the browser picks new SSRCs)");
                return true;
            }
        }
        return false;
    }

    /** Remembers SSRCs that stop being sent on in this room (see {@link #retired}). */
    private void retire(String session, List<Long> ssrcs) {
        for (long ssrc : ssrcs) {
            if (ssrc > 0) {
                retired.put(ssrc, session);
            }
        }
    }

    /**
     * Starts forwarding what {@code p} sends as {@code kind} on {@code ssrc}, or, {@code layered}, as a simulcast
     * screen share whose layers are bound by rid as they arrive.
     */
    private void addOwnStream(Participant p, TrackKind kind, long ssrc, boolean layered) {
        SessionCodecs codecs = p.codecs;
        SessionCodecs.Simulcast sim = codecs.simulcast();
        String sid = p.id();
        if (layered && sim != null) {
            SimulcastGroup g = new SimulcastGroup("screen_" + sid, freshSsrc(), p.transport, sim.rids(),
                    SessionCodecs.RID_ID, sim.hiddenInRoom(), p.forwarder.own(), this::downlinkShare);
            g.stream().rtxSsrc(freshSsrc());
            p.forwarder.simulcast(g);
            streams.add(g.stream());
            p.own.put(kind, Track.of(p, kind, g.stream()));
            return;
        }
        StreamSource s = new StreamSource(kind.wireName() + "_" + sid, ssrc, kind.isVideo(), p.transport,
                kind.isVideo() || codecs.audioLevelId() == 0 ? 0 : SessionCodecs.AUDIO_LEVEL_ID,
                kind.isVideo() ? new PacketCache(config.nackHistory(), 1500) : null);
        if (kind.isVideo()) {
            s.rtxSsrc(freshSsrc());
        }
        if (sim != null) {
            s.hide(sim.hiddenInRoom()); // this client sends mid and rid on every packet: receivers must not see them
        }
        p.forwarder.own().add(s);
        streams.add(s);
        p.own.put(kind, Track.of(p, kind, s));
        if (kind == TrackKind.MIC) {
            // Offered to the others only once it was unmuted: a room of listeners joining muted (as the page does)
            // costs the others no offer and no m-line each. From then on it stays, muted or not, as in rtcd. (A
            // Calls client offers its microphone only at its first unmute: that offer is the unmute.)
            if (!p.micMuted || p.clientNegotiates) {
                p.published.add(TrackKind.MIC);
            }
            s.mute(p.micMuted);
        }
    }

    /** Stops forwarding {@code p}'s {@code kind} for good (the client replaced or dropped the track). */
    private void dropOwnStream(Participant p, TrackKind kind) {
        Track t = p.own.remove(kind);
        p.published.remove(kind);
        if (t == null) {
            return;
        }
        t.stream().detachAll();
        p.forwarder.own().remove(t.stream());
        streams.remove(t.stream());
        List<Long> gone = List.of(t.stream().ssrc(), t.stream().rtxSsrc());
        retire(t.stream().group() != null ? "" : p.id(), List.of(t.stream().ssrc()));
        retire("", List.of(t.stream().rtxSsrc())); // the SFU's own choice
        forgetLater(gone);
    }

    /**
     * An SSRC the SFU sends on (what receivers see of a simulcast screen share, and RTX): random, and unused by any
     * stream of the room when chosen.
     */
    private long freshSsrc() {
        long v;
        do {
            v = RANDOM.nextInt() & 0xFFFF_FFFFL;
        } while (v == 0 || streams.find(v) != null || isRtxSsrc(v) || retired.containsKey(v));
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

    /**
     * A receiver's downlink estimate (transport-cc when it negotiated it, else its REMB) divided among the videos it
     * receives; 0 when there is none (control thread).
     */
    private long downlinkShare(io.prochat.rtc.sfu.PacketSender receiver) {
        for (Participant q : participants.values()) {
            if (q.transport == receiver) {
                int videos = 0;
                for (Slot s : q.slots) {
                    if (s.track != null && s.track.kind().isVideo()) {
                        videos++;
                    }
                }
                return q.downlinkBps() / Math.max(1, videos);
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
        changed(true);
    }

    /**
     * Applies a Calls client's offer: m-lines it stopped sending are unpublished, a changed SSRC or stream replaces
     * the track, new m-lines become tracks by their MediaStream id (or are refused), and the answer goes back. Every
     * m-line it already had keeps its place (JSEP: m-lines are never removed or reordered).
     */
    private void renegotiatedByClient(Participant p, String sdp) {
        List<RoomSdp.Line> lines;
        try {
            lines = RoomSdp.lines(RoomSdp.parse(sdp), p.screenStreamId, p.videoStreamId);
        } catch (IllegalArgumentException e) {
            refuse(p.sink, SfuMetrics.Refusal.BAD_OFFER, "bad_offer", e.getMessage());
            return;
        }
        if (lines.size() < p.slots.size()) {
            refuse(p.sink, SfuMetrics.Refusal.BAD_OFFER, "bad_offer",
                    "the offer has fewer m-lines than the session");
            return;
        }
        for (int i = 0; i < p.slots.size(); i++) {
            if (!p.slots.get(i).mid.equals(lines.get(i).mid())) {
                refuse(p.sink, SfuMetrics.Refusal.BAD_OFFER, "bad_offer", "m-line " + i + " changed its mid");
                return;
            }
        }
        List<Long> fresh = new ArrayList<>();
        for (RoomSdp.Line l : lines) {
            if (l.sends() && l.kind() != TrackKind.UNKNOWN && l.ssrc() >= 0) { // layers' SSRCs come by rid
                Track t = p.own.get(l.kind());
                if (t == null || t.stream().ssrc() != l.ssrc()) {
                    fresh.add(l.ssrc());
                }
            }
        }
        if (refusedSsrcs(fresh, p.id(), p.sink)) {
            return;
        }
        for (int i = 0; i < lines.size(); i++) {
            RoomSdp.Line l = lines.get(i);
            Slot slot = i < p.slots.size() ? p.slots.get(i) : null;
            if (slot != null && (slot.isRemote() || slot.application || slot.refused != null)) {
                continue; // ours to offer, the data channel, or refused for good
            }
            if (slot != null && (!l.sends() || l.kind() != slot.own)) {
                dropOwnStream(p, slot.own); // stopped, or the transceiver now carries something else
            }
            if (slot == null && l.application() && p.slots.stream().noneMatch(x -> x.application)) {
                p.slots.add(Slot.application(l.mid()));
                continue;
            }
            SessionCodecs.Simulcast sim = l.kind() == TrackKind.SCREEN ? RoomSdp.simulcast(l.m()) : null;
            boolean usable = l.sends() && l.kind() != TrackKind.UNKNOWN && (l.ssrc() >= 0 || sim != null)
                    && (p.own.get(l.kind()) == null || (slot != null && slot.own == l.kind()));
            if (!usable) {
                if (slot == null) {
                    p.slots.add(Slot.refused(l.m()));
                } else if (l.sends() && slot.own != l.kind()) {
                    p.slots.set(i, Slot.refused(l.m())); // a kind we already take elsewhere, or no kind at all
                }
                continue;
            }
            if (slot == null || slot.own != l.kind()) {
                Slot own = Slot.own(l.m(), l.mid(), l.kind());
                if (slot == null) {
                    p.slots.add(own);
                } else {
                    p.slots.set(i, own);
                }
            }
            Track t = p.own.get(l.kind());
            boolean layered = t != null && t.stream().group() != null;
            if (t != null && (layered ? sim == null : sim != null || t.stream().ssrc() != l.ssrc())) {
                dropOwnStream(p, l.kind()); // the client replaced the track: a new stream, receivers re-offered
                t = null;
            }
            if (t == null) {
                if (sim != null && p.codecs.simulcast() == null) {
                    // the first simulcast share: its layers are told apart by rid, as in a huddle's join
                    p.codecs = p.codecs.withSimulcast(sim);
                    p.transport.renumber(p.codecs.inbound(), p.codecs.outbound());
                }
                addOwnStream(p, l.kind(), l.ssrc(), sim != null);
            }
            p.published.add(l.kind()); // a Calls client offers its microphone at its first unmute (rtcd.md §3.5)
        }
        p.send(new Signal.Answer(SessionWriter.answer(p, p.transport.localDescription())));
        changed(true);
    }

    void remove(Participant p, String reason) {
        if (p.left) {
            return;
        }
        p.left = true;
        participants.remove(p.id());
        owner.release();
        size = participants.size();
        List<Long> gone = new ArrayList<>();
        for (Track t : p.own.values()) {
            t.stream().detachAll();
            streams.remove(t.stream());
            gone.add(t.stream().ssrc());
            gone.add(t.stream().rtxSsrc());
        }
        retire("", gone); // the leaver's session is gone: nobody may declare them again here
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
        changed(true);
        if (participants.isEmpty()) {
            // a first connect that failed for everyone must not end the call: they may try again
            owner.empty(this, everConnected);
        }
    }

    /**
     * Drops the others' SRTP state for a leaver's streams once no packet of them can still be in flight on a packet
     * thread (sending after the state is gone would start the stream over at index 0), so a long huddle's churn does
     * not fill the receivers' tables.
     */
    private void forgetLater(List<Long> ssrcs) {
        Runnable forget = () -> {
            for (long ssrc : ssrcs) {
                // sent on again meanwhile (its own sender declared it again): its state is the live stream's now
                if (ssrc == 0 || streams.find(ssrc) != null || isRtxSsrc(ssrc)) {
                    continue;
                }
                for (Participant q : participants.values()) {
                    q.transport.forgetOutbound(ssrc);
                }
            }
        };
        try {
            timers.schedule(() -> onControl(forget), FORGET_DELAY_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("room {}: shut down, nothing to forget", id);
        }
    }

    /**
     * Who publishes what, or who is in, changed: the others get their offers ({@code sync}) and everyone the roster.
     * Done once the room's queue is empty, so a burst of joins or leaves makes one offer and one roster each, not one
     * per change (an offer still in flight coalesces further changes, see {@link Negotiator}).
     */
    private void changed(boolean sync) {
        syncPending |= sync;
        rosterPending = true;
        if (!flushQueued) {
            flushQueued = true;
            onControl(this::flush);
        }
    }

    private void flush() {
        flushQueued = false;
        boolean sync = syncPending;
        boolean roster = rosterPending;
        syncPending = false;
        rosterPending = false;
        if (sync) {
            syncAll();
        }
        if (roster) {
            broadcast(roster());
        }
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

    /** The periodic tick ({@link Rooms#TICK}), queued behind the room's pending operations unless one still waits. */
    void queueTick() {
        if (tickQueued.compareAndSet(false, true)) {
            control.execute(() -> {
                tickQueued.set(false);
                try {
                    tick(System.nanoTime());
                } catch (RuntimeException e) {
                    LOG.warn("room {}: tick failed", id, e);
                }
            });
        }
    }

    /** A tick at a moment of the caller's choosing, on the control thread (tests move time this way). */
    void tickAt(long nowNanos) {
        onControl(() -> tick(nowNanos));
    }

    /** Ends every session (call ended). */
    void closeNow(String reason) {
        closed = true;
        for (Participant p : new ArrayList<>(participants.values())) {
            remove(p, reason);
        }
    }

    /**
     * As if session {@code sessionId}'s first ICE check had arrived (tests whose clients signal without ICE, and
     * would otherwise get their offers only {@link RoomTicker#OFFER_WAIT_NANOS} after the answer).
     */
    void icePeerChecked(String sessionId) {
        onControl(() -> {
            Participant p = participants.get(sessionId);
            if (p != null) {
                allowOffers(p);
            }
        });
    }

    /** The SFU may offer to {@code p} from now on (see {@link Participant#offersAllowed}); control thread. */
    void allowOffers(Participant p) {
        if (!p.offersAllowed && !p.left) {
            p.offersAllowed = true;
            Negotiator.sync(p, tracksFor(p)); // the offer that waited, if the room has tracks for it
        }
    }

    /** Transport events arrive on ICE/DTLS threads; they are handled on the control thread. */
    private final class TransportEvents implements MediaTransport.StateListener {
        private final Participant p;

        TransportEvents(Participant p) {
            this.p = p;
        }

        @Override
        public void onIceConnected(MediaTransport transport) {
            long at = System.nanoTime();
            onControl(() -> {
                if (p.iceNanos == 0 && p.answerNanos != 0) {
                    p.iceNanos = at;
                    sfu.metrics().joinPhase(SfuMetrics.JoinPhase.ICE, Math.max(0, at - p.answerNanos));
                }
                allowOffers(p); // a client whose checks we did not see (a lost first check) is connected now
            });
        }

        @Override
        public void onIcePeerChecked(MediaTransport transport) {
            onControl(() -> allowOffers(p));
        }

        @Override
        public void onConnected(MediaTransport transport) {
            long at = System.nanoTime();
            onControl(() -> {
                everConnected = true;
                if (p.dtlsNanos == 0 && p.answerNanos != 0) {
                    p.dtlsNanos = at;
                    long from = p.iceNanos != 0 ? p.iceNanos : p.answerNanos;
                    sfu.metrics().joinPhase(SfuMetrics.JoinPhase.DTLS, Math.max(0, at - from));
                    mediaTimed(p);
                }
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
            onControl(() -> remove(p, "media " + reason.name().toLowerCase(java.util.Locale.ROOT)));
        }
    }
}
