package io.prochat.rtc.sfu.room;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.prochat.rtc.sfu.MediaTransport;
import io.prochat.rtc.sfu.TransportDescription;

/**
 * Server-driven renegotiation, one offer in flight per participant (control thread only).
 *
 * <p>The rule that makes glare impossible: after the client's join offer, the SFU is the only offerer. The client
 * asks for changes (camera, screen) with messages; the SFU reflects every change, its own and others', in its next
 * offer. A change while an offer is in flight is remembered and offered after the answer. A client that sends an
 * offer anyway is told {@code glare} and ignored: the SFU is the impolite peer (as rtcd is, rtcd.md §3.1).
 *
 * <p>Forwarding follows the answers: a receiver is attached to a track once it answered an offer containing it, so
 * it never gets packets of an SSRC it cannot place, and detached as soon as the track leaves its session.
 */
final class Negotiator {
    private Negotiator() {
    }

    /** Brings {@code p}'s slots in line with what the others publish; offers now or after the pending answer. */
    static void sync(Participant p, List<Track> wanted) {
        if (p.left || p.transport == null) {
            return;
        }
        if (!p.ready || p.lockedSinceNanos != 0 || !p.offersAllowed) {
            // synced again once its data channel is open, the client lets go of the lock, or its ICE checks arrive
            return;
        }
        boolean changed = false;
        java.util.Set<Slot> freedNow = new java.util.HashSet<>();
        for (Slot s : p.slots) {
            if (s.isRemote() && s.track != null && !wanted.contains(s.track)) {
                s.track.stream().detach(p.transport);
                s.track = null;
                freedNow.add(s);
                changed = true;
            }
        }
        for (Track t : wanted) {
            if (holds(p, t)) {
                continue;
            }
            Slot free = null;
            for (Slot s : p.slots) {
                if (s.isRemote() && s.track == null && s.media.equals(t.kind().media()) && !inFlight(p, s)
                        && !freedNow.contains(s)) {
                    free = s;
                    break;
                }
            }
            if (free == null) {
                free = Slot.remote(Integer.toString(nextMid(p)), t.kind().media());
                p.slots.add(free);
            }
            free.track = t;
            changed = true;
        }
        if (changed || p.renegotiate) {
            if (p.inFlight != null) {
                p.renegotiate = true;
            } else {
                offer(p);
            }
        }
    }

    /**
     * A slot is reused only once the client has answered it inactive: a track never replaces another on the same
     * m-line within one offer, and a slot of the offer in flight may still be in use.
     */
    private static boolean inFlight(Participant p, Slot s) {
        return p.inFlight != null && p.inFlight.get(s) != null;
    }

    private static boolean holds(Participant p, Track t) {
        for (Slot s : p.slots) {
            if (s.track == t) {
                return true;
            }
        }
        return false;
    }

    private static int nextMid(Participant p) {
        int max = -1;
        for (Slot s : p.slots) {
            try {
                max = Math.max(max, Integer.parseInt(s.mid));
            } catch (NumberFormatException e) {
                // a client may name mids as it likes; ours are numbers above all of them
            }
        }
        return Math.max(max + 1, p.nextMid);
    }

    static void offer(Participant p) {
        p.renegotiate = false;
        p.sdpVersion++;
        TransportDescription local = p.transport.localDescription();
        Map<Slot, Track> snapshot = new HashMap<>();
        for (Slot s : p.slots) {
            if (s.isRemote()) {
                snapshot.put(s, s.track);
            }
        }
        p.inFlight = snapshot;
        p.inFlightOffer = new Signal.Offer(SessionWriter.offer(p, local), p.trackMap());
        p.inFlightSinceNanos = System.nanoTime();
        p.inFlightResent = false;
        p.nextMid = nextMid(p);
        p.send(p.inFlightOffer);
    }

    /**
     * The client answered the offer in flight: forward what it now expects, as RTX on the m-lines in
     * {@code rtxMids}; true when the session needs another offer.
     */
    static boolean answered(Participant p, java.util.Set<String> rtxMids) {
        Map<Slot, Track> offered = p.inFlight;
        if (offered == null) {
            return false;
        }
        p.inFlight = null;
        p.inFlightOffer = null;
        MediaTransport receiver = p.transport;
        for (Map.Entry<Slot, Track> e : offered.entrySet()) {
            Track t = e.getValue();
            if (t != null && e.getKey().track == t) {
                boolean fresh = !t.stream().isAttached(receiver);
                t.stream().attach(receiver, rtxMids.contains(e.getKey().mid) ? SessionCodecs.RTX_PT : 0); // the room's number; the receiver's on the way out
                if (fresh && t.kind().isVideo()) {
                    t.stream().keyframe(false, System.nanoTime());
                }
            }
        }
        return p.renegotiate;
    }
}
