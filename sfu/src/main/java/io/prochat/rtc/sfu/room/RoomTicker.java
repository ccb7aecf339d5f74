package io.prochat.rtc.sfu.room;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.prochat.rtc.sfu.cc.BandwidthEstimator;
import io.prochat.rtc.sfu.cc.PaddingSource;
import io.prochat.rtc.sfu.media.DownlinkAggregate;
import io.prochat.rtc.sfu.media.Feedback;
import io.prochat.rtc.sfu.media.StreamSource;

/**
 * A room's periodic work on the control thread: sessions whose signalling did not come back within the grace
 * period are removed; voice activity becomes {@link Signal.Speaking} events when it changes; once a second each
 * publisher gets its receiver report and REMB ({@link Feedback}).
 */
final class RoomTicker {
    /** Speech has pauses; the indicator stays on this long after the last loud packet. */
    static final long SPEAKING_HANGOVER_NANOS = 1_000_000_000L;
    static final long REPORT_INTERVAL_NANOS = 1_000_000_000L;
    /** An offer unanswered this long is sent again (the answer, or the offer, may have been lost with a socket). */
    static final long OFFER_RESEND_NANOS = 10_000_000_000L;
    /**
     * How long after our answer to a join the SFU's offers wait for the client's first ICE check at most (a client
     * that checks from an address we refuse, or only over a path we never see, still gets its offers).
     */
    static final long OFFER_WAIT_NANOS = 300_000_000L;
    /** A client that answers no offer for this long is removed: nothing it is sent can be forwarded to it. */
    static final long OFFER_GIVE_UP_NANOS = 30_000_000_000L;

    private final Room room;
    private final Rooms.Config config;
    private final Feedback feedback = new Feedback();
    private List<String> lastSpeaking = List.of();
    private String lastActive;
    private long lastReportNanos;

    RoomTicker(Room room, Rooms.Config config) {
        this.room = room;
        this.config = config;
    }

    void tick(long now) {
        long grace = config.reconnectGrace().toNanos();
        for (Participant p : new ArrayList<>(room.participants.values())) {
            if (p.sink == null && p.disconnectedNanos != 0 && now - p.disconnectedNanos > grace) {
                room.remove(p, "signalling lost");
            }
        }
        room.expireLocks(now);
        for (Participant p : new ArrayList<>(room.participants.values())) {
            if (!p.offersAllowed && p.answerNanos != 0 && now - p.answerNanos > OFFER_WAIT_NANOS) {
                room.allowOffers(p);
            }
        }
        // decided before anyone is removed: a removal offers the others a fresh offer, which is not yet overdue
        List<Participant> silent = new ArrayList<>();
        for (Participant p : room.participants.values()) {
            if (p.inFlight == null) {
                continue;
            }
            long waited = now - p.inFlightSinceNanos;
            if (waited > OFFER_GIVE_UP_NANOS) {
                silent.add(p);
            } else if (waited > OFFER_RESEND_NANOS && !p.inFlightResent) {
                p.inFlightResent = true;
                p.send(p.inFlightOffer);
            }
        }
        silent.forEach(p -> room.remove(p, "no answer to the server's offer"));
        speaking(now);
        for (Participant p : room.participants.values()) {
            Track screen = p.own.get(TrackKind.SCREEN);
            if (screen != null && screen.stream().group() != null) {
                screen.stream().group().select(now, false); // at most once a second
            }
        }
        if (now - lastReportNanos >= REPORT_INTERVAL_NANOS) {
            lastReportNanos = now;
            reports(now);
        }
    }

    private void speaking(long now) {
        List<String> speaking = new ArrayList<>();
        String active = null;
        int loudest = -1;
        for (Participant p : room.participants.values()) {
            Track mic = p.own.get(TrackKind.MIC);
            if (mic != null && mic.stream().speaking(now, SPEAKING_HANGOVER_NANOS)) {
                speaking.add(p.id());
                if (mic.stream().loudness() > loudest) {
                    loudest = mic.stream().loudness();
                    active = p.id();
                }
            }
        }
        if (lastActive != null && speaking.contains(lastActive)) {
            active = lastActive; // keep the active speaker while they speak: no flapping between two talkers
        }
        if (!speaking.equals(lastSpeaking) || !Objects.equals(active, lastActive)) {
            lastSpeaking = speaking;
            lastActive = active;
            room.broadcast(new Signal.Speaking(speaking, active));
        }
    }

    private void reports(long now) {
        for (Participant p : room.participants.values()) {
            if (p.transport == null || !p.transport.isConnected()) {
                continue;
            }
            if (p.transport.congestion().enabled()) {
                if (p.transport.congestion().estimator().hasFeedback()) {
                    p.transport.metrics().estimate(p.transport.congestion().estimator().estimate());
                }
                p.transport.probeVia(paddingFor(p), BandwidthEstimator.MAX_BPS);
                p.transport.congestion().receivesVideo(receivesVideo(p));
            }
            List<StreamSource> heard = new ArrayList<>();
            for (StreamSource s : p.ownStreams()) {
                if (s.stats().received() > 0) {
                    heard.add(s);
                }
            }
            if (!heard.isEmpty()) {
                feedback.report(p.transport, heard.toArray(StreamSource[]::new), downlink(p), now);
            }
        }
    }

    private static boolean receivesVideo(Participant p) {
        for (Slot s : p.slots) {
            if (s.track != null && s.track.kind().isVideo()) {
                return true;
            }
        }
        return false;
    }

    /**
     * An RTX stream {@code p} receives video on, for its bandwidth probes to pad on; null when it receives no video
     * with RTX (then it is not probed: audio alone never needs more room).
     */
    private static PaddingSource paddingFor(Participant p) {
        for (Slot s : p.slots) {
            if (s.track != null && s.track.kind().isVideo()) {
                PaddingSource x = s.track.stream().paddingTo(p.transport);
                if (x != null) {
                    return x;
                }
            }
        }
        return null;
    }

    /**
     * What {@code p}'s video receivers can take: each one's downlink divided among the videos it receives, combined by
     * {@link DownlinkAggregate} (outliers far below the others do not count, and there is a floor; for a publisher whose
     * video is all simulcast, the highest share); 0 when unknown.
     */
    private long downlink(Participant p) {
        long[] shares = new long[room.participants.size()];
        int n = 0;
        for (Participant q : room.participants.values()) {
            if (q == p || q.downlinkBps() <= 0) {
                continue;
            }
            int videos = 0;
            boolean receivesP = false;
            for (Slot s : q.slots) {
                if (s.track != null && s.track.kind().isVideo()) {
                    videos++;
                    receivesP |= s.track.owner() == p;
                }
            }
            if (receivesP && n < shares.length) {
                shares[n++] = q.downlinkBps() / Math.max(1, videos);
            }
        }
        return allVideoSimulcast(p) ? DownlinkAggregate.ofSimulcast(shares, n) : DownlinkAggregate.of(shares, n);
    }

    /** Whether {@code p} publishes video and all of it is simulcast (each receiver then picks its own layer). */
    private static boolean allVideoSimulcast(Participant p) {
        boolean any = false;
        for (Track t : p.own.values()) {
            if (t.kind().isVideo() && p.published.contains(t.kind())) {
                if (t.stream().group() == null) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }
}
