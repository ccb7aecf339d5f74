package io.prochat.rtc.sfu.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.prochat.rtc.sfu.Sfu;
import io.prochat.rtc.sfu.ice.IceConfig;
import io.prochat.rtc.sfu.sdp.SessionDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a join costs the others: a listener joining as the page does (microphone muted, camera off) makes them no
 * offer and no m-line; a burst of publishing joins makes each of them one offer and one roster, not one per join.
 */
class RoomJoinCostTest {
    private Sfu sfu;
    private Rooms rooms;
    private Room room;

    @BeforeAll
    static void noCloudMetadata() {
        System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
    }

    @BeforeEach
    void start() throws Exception {
        sfu = Sfu.start(Sfu.Config.of(IceConfig.loopback()));
        rooms = new Rooms(sfu, Rooms.Config.defaults(), id -> { });
        room = rooms.open("r");
    }

    @AfterEach
    void stop() {
        rooms.close();
        sfu.close();
    }

    /** A client that answers every server offer at once, as a browser does, and keeps what it was sent. */
    private final class Answering extends RoomSignallingTest.Client {
        final List<Signal.Offer> offers = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile String id;

        @Override
        public void send(Signal s) {
            if (s instanceof Signal.Joined j) {
                id = j.sessionId();
            } else if (s instanceof Signal.Answer) {
                room.icePeerChecked(id); // a client's first ICE check follows our answer
            } else if (s instanceof Signal.Offer o) {
                offers.add(o);
                room.answer(id, "v=0");
            }
            super.send(s);
        }
    }

    private Answering join(String user, long base, boolean mic, boolean camera) throws Exception {
        Answering c = new Answering();
        room.join(new JoinRequest(user, user, JoinOffers.chromium(base), JoinOffers.TRACKS, mic, camera), c);
        return c;
    }

    private static int mLines(Signal.Offer o) throws Exception {
        return SessionDescription.parse(o.sdp()).media().size();
    }

    @Test
    void mutedListenersCostTheOthersNoOfferAndNoMLineUntilTheyFirstUnmute() throws Exception {
        Answering ann = join("ann", 1000, true, true);
        ann.next(Signal.Answer.class);
        Answering bob = join("bob", 2000, true, false);
        bob.next(Signal.Answer.class);
        ann.next(Signal.Offer.class); // Bob's microphone
        room.snapshot();
        int annOffers = ann.offers.size();
        int annSdp = ann.offers.get(annOffers - 1).sdp().length();

        List<Answering> listeners = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Answering l = join("listener" + i, 10_000L * (i + 1), false, false);
            listeners.add(l);
            if (i % 2 == 0) {
                l.next(Signal.Joined.class); // half one by one, half in a burst
            }
        }
        for (Answering l : listeners) {
            l.next(Signal.Answer.class);
        }
        room.snapshot();
        assertThat(ann.offers).as("offers to Ann while 30 muted listeners joined").hasSize(annOffers);
        assertThat(bob.offers).as("offers to Bob while 30 muted listeners joined").hasSize(1);
        // the last listener is offered the two who publish, nothing of the 29 others
        Answering last = listeners.get(listeners.size() - 1);
        Signal.Offer toLast = last.offers.get(last.offers.size() - 1);
        assertThat(mLines(toLast)).isEqualTo(4 + 3); // its own four, Ann's mic and camera, Bob's mic
        assertThat(toLast.tracks().values()).extracting(Signal.TrackInfo::sessionId)
                .containsOnly(ann.id, bob.id);
        for (int i = 0; i < listeners.size(); i++) { // received all along, forwarded to nobody
            assertThat(RoomSignallingTest.streamOf(room, 10_000L * (i + 1) + 1).receiverCount()).isZero();
        }

        room.mute(listeners.get(3).id, false); // first unmute: its microphone goes to everyone, once
        Signal.Offer unmuted = ann.next(Signal.Offer.class);
        assertThat(mLines(unmuted)).isEqualTo(mLines(ann.offers.get(annOffers - 1)) + 1);
        assertThat(unmuted.tracks().values()).extracting(Signal.TrackInfo::sessionId).contains(listeners.get(3).id);
        assertThat(unmuted.sdp().length()).isLessThan(annSdp + 1200);
        room.mute(listeners.get(3).id, true);
        room.mute(listeners.get(3).id, false);
        room.snapshot();
        assertThat(ann.offers).as("muting again costs no offer").hasSize(annOffers + 1);
        Signal.Roster roster = lastRoster(ann);
        assertThat(roster.participants()).filteredOn(m -> m.sessionId().equals(listeners.get(3).id))
                .singleElement().matches(m -> !m.muted());
    }

    @Test
    void aBurstOfPublishingJoinsMakesEachExistingParticipantOneOfferAndOneRoster() throws Exception {
        Answering ann = join("ann", 1000, true, true);
        ann.next(Signal.Answer.class);
        room.snapshot();
        ann.in.clear(); // her own join's roster
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        room.lock("nobody", g -> { // holds the room while the burst queues up: 20 joins arriving at once
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<Answering> joiners = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            joiners.add(join("p" + i, 10_000L * (i + 1), true, true));
        }
        release.countDown();
        for (Answering j : joiners) {
            j.next(Signal.Answer.class);
        }
        room.snapshot();
        room.snapshot(); // Ann's answers, and the offer they may release, have run
        assertThat(ann.offers).as("offers to Ann for a burst of 20 joins").hasSize(1);
        Signal.Offer last = ann.offers.get(ann.offers.size() - 1);
        assertThat(last.tracks()).hasSize(40);
        int rosters = 0;
        for (Signal s : ann.in) {
            rosters += s instanceof Signal.Roster ? 1 : 0;
        }
        assertThat(rosters).as("rosters to Ann for a burst of 20 joins").isEqualTo(1);
    }

    private static Signal.Roster lastRoster(RoomSignallingTest.Client c) throws InterruptedException {
        Signal.Roster last = null;
        Signal s;
        while ((s = c.in.poll(100, TimeUnit.MILLISECONDS)) != null) {
            if (s instanceof Signal.Roster r) {
                last = r;
            }
        }
        return last;
    }
}
