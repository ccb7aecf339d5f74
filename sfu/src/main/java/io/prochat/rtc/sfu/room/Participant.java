package io.prochat.rtc.sfu.room;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.prochat.rtc.sfu.MediaTransport;
import io.prochat.rtc.sfu.cc.BandwidthEstimator;
import io.prochat.rtc.sfu.media.Forwarder;
import io.prochat.rtc.sfu.media.StreamSource;

/**
 * One person in a room: their transport, the m-lines of their session, what they publish, and where their
 * negotiation stands. Control thread only, except the {@link Forwarder}, which is the packet threads' view.
 */
final class Participant {
    private final String id;
    final String userId;
    final String name;
    final Forwarder forwarder;
    /** Set at the join; a Calls client's first simulcast screen share adds its rid numbering (control thread). */
    SessionCodecs codecs;
    /** A Calls client: offers its own tracks after the join (see {@link JoinRequest#clientNegotiates()}). */
    final boolean clientNegotiates;
    final List<Slot> slots = new ArrayList<>();
    final Map<TrackKind, Track> own = new EnumMap<>(TrackKind.class);
    final Set<TrackKind> published = EnumSet.noneOf(TrackKind.class);
    final long sdpSessionId = (System.nanoTime() & 0x3FFF_FFFF_FFFFL) + 1;
    MediaTransport transport;
    SignalSink sink;
    long disconnectedNanos;
    int sdpVersion = 1;
    int nextMid;
    /** The slots → tracks of the offer awaiting an answer, or null when stable: one offer in flight at a time. */
    Map<Slot, Track> inFlight;
    Signal.Offer inFlightOffer;
    long inFlightSinceNanos;
    /** The offer in flight was sent a second time after {@link RoomTicker#OFFER_RESEND_NANOS} without an answer. */
    boolean inFlightResent;
    /** Something changed while an offer was in flight: offer again after its answer. */
    boolean renegotiate;
    boolean left;
    /** Others' tracks may be offered (a Calls client: once its data channel is open, as rtcd waits for it). */
    boolean ready;
    /** The client holds the signalling lock since then (0: free); no server offer is made meanwhile. */
    long lockedSinceNanos;
    /** The MediaStream ids the client announced for its screen share and camera (Calls: ScreenOn, VideoOn). */
    String screenStreamId;
    String videoStreamId;
    /** Join timing (System.nanoTime): the request, answer sent, ICE and DTLS connected; media timed once. */
    long joinNanos;
    long answerNanos;
    long iceNanos;
    /**
     * Whether the SFU may offer: once the client's first ICE check reached us, or {@link RoomTicker#OFFER_WAIT_NANOS}
     * after our answer to its join. A client whose ICE agent has not yet taken the credentials of that answer may
     * restart ICE on an offer of ours (Pion 3.1.56 does), and our checks with its old ufrag are then dropped until its
     * answer arrives: the join's ICE phase then waited for its next 200 ms check (docs/benchmarks.md, the join tail).
     */
    boolean offersAllowed;
    long dtlsNanos;
    boolean mediaTimed;
    /** The microphone's state as last said, kept while there is no microphone track yet (Calls joins muted). */
    boolean micMuted;

    /**
     * What this participant's downlink takes in bit/s: the SFU's own estimate from its transport-cc feedback once
     * there is one (issue 14), else the last REMB it sent; 0 when neither is known. A receiver that negotiated
     * transport-cc but whose first feedback has not come yet counts as the estimator's floor: it starts on the low
     * simulcast layer and goes up as its estimate allows, rather than being sent the high layer into a path nothing
     * has measured yet (a 300 kbit/s path then lost enough for the loss-based estimate to sink below its capacity).
     * A receiver that can be probed counts its estimate only once a probe has judged it
     * ({@link BandwidthEstimator#usableBps}): the starting estimate is a guess.
     */
    long downlinkBps() {
        MediaTransport t = transport;
        if (t != null && t.congestion().enabled()) {
            BandwidthEstimator e = t.congestion().estimator();
            if (!e.hasFeedback()) {
                return BandwidthEstimator.MIN_BPS;
            }
            return t.congestion().prober().mayProbe() ? e.usableBps() : e.estimate();
        }
        return forwarder.downlinkBps();
    }

    Participant(String id, String userId, String name, Forwarder forwarder, SessionCodecs codecs,
            boolean clientNegotiates) {
        this.id = id;
        this.userId = userId;
        this.name = name;
        this.forwarder = forwarder;
        this.codecs = codecs;
        this.clientNegotiates = clientNegotiates;
        this.ready = !clientNegotiates;
    }

    String id() {
        return id;
    }

    void send(Signal s) {
        SignalSink k = sink;
        if (k != null) {
            k.send(s);
        }
    }

    boolean muted() {
        Track mic = own.get(TrackKind.MIC);
        return mic == null || mic.stream().isMuted() || !published.contains(TrackKind.MIC);
    }

    Signal.Member member() {
        return new Signal.Member(id, userId, name, muted(), published.contains(TrackKind.CAMERA),
                published.contains(TrackKind.SCREEN));
    }

    /** The tracks of this participant others should receive now. */
    List<Track> publishedTracks() {
        List<Track> out = new ArrayList<>();
        for (TrackKind k : published) {
            Track t = own.get(k);
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    StreamSource[] ownStreams() {
        return forwarder.own().snapshot();
    }

    /** mid → whose track, for the client to label what it receives. */
    Map<String, Signal.TrackInfo> trackMap() {
        Map<String, Signal.TrackInfo> m = new LinkedHashMap<>();
        for (Slot s : slots) {
            if (s.isRemote() && s.track != null) {
                Participant o = s.track.owner();
                m.put(s.mid, new Signal.TrackInfo(o.id(), s.track.kind().wireName(), o.userId, o.name));
            }
        }
        return m;
    }

    @Override
    public String toString() {
        return id + "(" + userId + ")";
    }
}
