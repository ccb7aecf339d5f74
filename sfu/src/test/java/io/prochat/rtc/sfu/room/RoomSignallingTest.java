package io.prochat.rtc.sfu.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.prochat.rtc.sfu.Sfu;
import io.prochat.rtc.sfu.ice.IceConfig;
import io.prochat.rtc.sfu.sdp.MediaDescription;
import io.prochat.rtc.sfu.sdp.SessionDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The room's signalling with Chromium-shaped offers and answers written by hand: who gets which offer, with what
 * m-lines, when; no browser and no media (the transports never connect).
 */
class RoomSignallingTest {
    private Sfu sfu;
    private Rooms rooms;
    private final List<String> emptied = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void noCloudMetadata() {
        System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
    }

    private Room room(int max) throws Exception {
        sfu = Sfu.start(Sfu.Config.of(IceConfig.loopback()));
        rooms = new Rooms(sfu, Rooms.Config.defaults().withMaxParticipants(max), emptied::add);
        return rooms.open("r1");
    }

    @AfterEach
    void stop() {
        if (rooms != null) {
            rooms.close();
        }
        if (sfu != null) {
            sfu.close();
        }
    }

    /** A client that records its signals. */
    static class Client implements SignalSink {
        final LinkedBlockingQueue<Signal> in = new LinkedBlockingQueue<>();
        String sessionId;

        @Override
        public void send(Signal s) {
            in.add(s);
        }

        <T extends Signal> T next(Class<T> type) throws InterruptedException {
            while (true) {
                Signal s = in.poll(5, TimeUnit.SECONDS);
                assertThat(s).as("a " + type.getSimpleName()).isNotNull();
                if (type.isInstance(s)) {
                    if (s instanceof Signal.Joined j) {
                        sessionId = j.sessionId();
                    }
                    return type.cast(s);
                }
            }
        }
    }

    private static Client join(Room room, String user, long base, boolean camera) throws Exception {
        Client c = new Client();
        room.join(new JoinRequest(user, user.toUpperCase(), JoinOffers.chromium(base), JoinOffers.TRACKS, true, camera),
                c);
        c.next(Signal.Joined.class);
        return c;
    }

    private static List<MediaDescription> media(String sdp) throws Exception {
        return SessionDescription.parse(sdp).media();
    }

    @Test
    void theAnswerReceivesTheClientsTracksAndEachNewcomerIsOfferedToTheOthers() throws Exception {
        Room room = room(100);
        Client ann = join(room, "ann", 1000, true);
        List<MediaDescription> answer = media(ann.next(Signal.Answer.class).sdp());
        assertThat(answer).hasSize(4);
        assertThat(answer).allSatisfy(m -> assertThat(m.toString()).contains("a=recvonly").doesNotContain("a=ssrc:"));
        assertThat(answer.get(1).toString()).contains("a=rtpmap:96 VP8/90000", "a=rtcp-fb:96 goog-remb",
                "a=rtcp-fb:96 nack pli").doesNotContain("rtx", "transport-cc", "sdes:mid");
        assertThat(answer.get(0).toString()).contains("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level");

        Client bob = join(room, "bob", 2000, true);
        bob.next(Signal.Answer.class);
        Signal.Offer toBob = bob.next(Signal.Offer.class);
        Signal.Offer toAnn = ann.next(Signal.Offer.class);
        // Bob gets Ann's mic and camera on two new sendonly m-lines, with her SSRCs and one stream id for lip sync
        List<MediaDescription> bobs = media(toBob.sdp());
        assertThat(bobs).hasSize(6);
        assertThat(bobs.get(4).toString()).contains("a=mid:4", "a=sendonly", "a=ssrc:1001 msid:" + ann.sessionId);
        assertThat(bobs.get(5).toString()).contains("a=mid:5", "a=sendonly", "a=ssrc:1002 msid:" + ann.sessionId);
        assertThat(toBob.tracks()).containsOnlyKeys("4", "5");
        assertThat(toBob.tracks().get("5").type()).isEqualTo("video");
        assertThat(toBob.tracks().get("5").sessionId()).isEqualTo(ann.sessionId);
        assertThat(media(toAnn.sdp()).get(5).toString()).contains("a=ssrc:2002 ");
        // forwarding starts with the answer
        assertThat(streamOf(room, 1002).receiverCount()).isZero();
        room.answer(bob.sessionId, "v=0");
        awaitReceivers(room, 1002, 1);
    }

    @Test
    void othersVideoIsOfferedWithRtxAndRepairedAsRtxWhereTheAnswerKeptIt() throws Exception {
        Room room = room(100);
        Client ann = join(room, "ann", 1000, true);
        ann.next(Signal.Answer.class);
        Client bob = join(room, "bob", 2000, true);
        bob.next(Signal.Answer.class);
        String toBob = bob.next(Signal.Offer.class).sdp();
        long rtx = streamOf(room, 1002).rtxSsrc();
        assertThat(rtx).isNotIn(0L, 1002L, 2002L);
        List<MediaDescription> bobs = media(toBob);
        assertThat(bobs.get(5).toString()).contains("m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\n",
                "a=rtpmap:97 rtx/90000\r\n", "a=fmtp:97 apt=96\r\n",
                "a=ssrc-group:FID 1002 " + rtx + "\r\n",
                "a=ssrc:1002 cname:" + ann.sessionId + "\r\n",
                "a=ssrc:" + rtx + " cname:" + ann.sessionId + "\r\n",
                "a=ssrc:" + rtx + " msid:" + ann.sessionId + " video_" + ann.sessionId + "\r\n");
        assertThat(bobs.get(1).toString()).as("Bob's own camera").doesNotContain("rtx", "FID");
        assertThat(bobs.get(4).toString()).as("Ann's mic").doesNotContain("rtx", "FID");

        room.answer(bob.sessionId, toBob); // an answer that keeps every codec offered, RTX included
        awaitReceivers(room, 1002, 1);
        assertThat(streamOf(room, 1002).sendsRtxTo(room.participants.get(bob.sessionId).transport)).isTrue();

        String toAnn = ann.next(Signal.Offer.class).sdp();
        assertThat(toAnn).contains("a=ssrc-group:FID 2002 " + streamOf(room, 2002).rtxSsrc());
        room.answer(ann.sessionId, toAnn.replaceAll("a=(rtpmap|fmtp):97 [^\r]+\r\n", "").replace(" 96 97", " 96"));
        awaitReceivers(room, 2002, 1);
        assertThat(streamOf(room, 2002).sendsRtxTo(room.participants.get(ann.sessionId).transport)).isFalse();
    }

    @Test
    void changesWhileAnOfferIsInFlightWaitForItsAnswerThenComeInOneOffer() throws Exception {
        Room room = room(100);
        Client ann = join(room, "ann", 1000, false);
        ann.next(Signal.Answer.class);
        Client bob = join(room, "bob", 2000, false);
        ann.next(Signal.Offer.class); // Bob's mic; unanswered
        room.screen(bob.sessionId, true, true);
        room.camera(bob.sessionId, true);
        room.snapshot(); // both changes have run on the control thread
        assertThat(ann.in.stream().filter(s -> s instanceof Signal.Offer)).isEmpty();
        room.answer(ann.sessionId, "v=0");
        Signal.Offer second = ann.next(Signal.Offer.class);
        assertThat(second.tracks().values()).extracting(Signal.TrackInfo::type)
                .containsExactlyInAnyOrder("voice", "video", "screen", "screen-audio");
        room.clientOffer(ann.sessionId);
        assertThat(ann.next(Signal.Failure.class).code()).isEqualTo("glare");
    }

    @Test
    void aLeaverSlotsGoInactiveAndAreReusedForTheNextTrack() throws Exception {
        Room room = room(100);
        Client ann = join(room, "ann", 1000, true);
        ann.next(Signal.Answer.class);
        Client bob = join(room, "bob", 2000, true);
        ann.next(Signal.Offer.class);
        room.answer(ann.sessionId, "v=0");
        room.leave(bob.sessionId);
        assertThat(bob.next(Signal.Closed.class).reason()).isEqualTo("left");
        List<MediaDescription> after = media(ann.next(Signal.Offer.class).sdp());
        assertThat(after).hasSize(6);
        assertThat(after.get(4).toString()).contains("a=inactive").doesNotContain("a=ssrc");
        room.answer(ann.sessionId, "v=0");
        Client cid = join(room, "cid", 3000, true);
        List<MediaDescription> reused = media(ann.next(Signal.Offer.class).sdp());
        assertThat(reused).hasSize(6);
        assertThat(reused.get(4).toString()).contains("a=sendonly", "a=ssrc:3001 ");
        room.leave(cid.sessionId);
        room.leave(ann.sessionId);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (rooms.get("r1") != null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(rooms.get("r1")).as("an empty room is forgotten").isNull();
        assertThat(emptied).as("nobody's media ever connected (a failed first connect): the call goes on").isEmpty();
        assertThat(sfu.transportCount()).isZero();
    }

    @Test
    void aSimulcastScreenIsAnsweredWithItsLayersAndOfferedToOthersAsOneStream() throws Exception {
        Room room = room(100);
        Client ann = new Client();
        room.join(new JoinRequest("ann", "Ann", JoinOffers.chromiumSimulcastScreen(1000), JoinOffers.TRACKS, true,
                true), ann);
        ann.next(Signal.Joined.class);
        List<MediaDescription> answer = media(ann.next(Signal.Answer.class).sdp());
        assertThat(answer.get(2).toString()).contains("a=rid:l recv", "a=rid:h recv", "a=simulcast:recv l;h",
                "a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid");
        assertThat(answer.get(0).toString()).contains("a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid")
                .doesNotContain("a=simulcast");
        Client bob = join(room, "bob", 2000, false);
        bob.next(Signal.Answer.class);
        bob.next(Signal.Offer.class);
        room.answer(bob.sessionId, "v=0");
        room.screen(ann.sessionId, true, false);
        Signal.Offer withScreen = bob.next(Signal.Offer.class);
        assertThat(withScreen.tracks().values()).extracting(Signal.TrackInfo::type).contains("screen");
        String screenMid = withScreen.tracks().entrySet().stream().filter(e -> e.getValue().type().equals("screen"))
                .findFirst().orElseThrow().getKey();
        String section = media(withScreen.sdp()).stream().filter(m -> m.mid().orElse("").equals(screenMid))
                .findFirst().orElseThrow().toString();
        assertThat(section).contains("a=sendonly", "a=ssrc:").doesNotContain("a=simulcast", "a=rid:");
        assertThat(section).doesNotContain("a=ssrc:1003 "); // one virtual SSRC, not a layer's
        assertThat(section).contains("a=rtpmap:97 rtx/90000", "a=ssrc-group:FID ");
    }

    @Test
    void aJoinDeclaringAnSsrcAlreadyInTheCallIsRefused() throws Exception {
        Room room = room(100);
        Client ann = join(room, "ann", 1000, true);
        ann.next(Signal.Answer.class);
        Client copycat = new Client();
        room.join(new JoinRequest("copycat", "Copycat", JoinOffers.chromium(1000), JoinOffers.TRACKS, true, true),
                copycat); // Ann's SSRCs, 1001..1004
        Signal.Failure f = copycat.next(Signal.Failure.class);
        assertThat(f.code()).isEqualTo("bad_offer");
        assertThat(f.message()).contains("already in use");
        assertThat(room.size()).isEqualTo(1);
    }

    @Test
    void aJoinDeclaringAnSsrcOfSomeoneWhoLeftIsRefusedAndCounted() throws Exception {
        Room room = room(100);
        Client ann = join(room, "ann", 1000, true);
        ann.next(Signal.Answer.class);
        Client bob = join(room, "bob", 2000, true);
        bob.next(Signal.Answer.class);
        room.leave(ann.sessionId);
        ann.next(Signal.Closed.class);
        long retiredBefore = sfu.metrics().refusals(io.prochat.rtc.sfu.SfuMetrics.Refusal.SSRC_RETIRED);
        Client heir = new Client();
        room.join(new JoinRequest("heir", "Heir", JoinOffers.chromium(1000), JoinOffers.TRACKS, true, true),
                heir); // Ann's SSRCs, 1001..1004: Bob's transport still has SRTP state for them
        Signal.Failure f = heir.next(Signal.Failure.class);
        assertThat(f.code()).isEqualTo("ssrc_retired");
        assertThat(f.message()).contains("SSRC 100");
        assertThat(sfu.metrics().refusals(io.prochat.rtc.sfu.SfuMetrics.Refusal.SSRC_RETIRED))
                .isEqualTo(retiredBefore + 1);
        assertThat(room.size()).isEqualTo(1);
        // one SSRC of Ann's is enough to be refused; fresh ones join
        Client partly = new Client();
        room.join(new JoinRequest("partly", "Partly", JoinOffers.chromium(3000).replace("3004", "1004"),
                JoinOffers.TRACKS, true, true), partly);
        assertThat(partly.next(Signal.Failure.class).code()).isEqualTo("ssrc_retired");
        join(room, "carol", 4000, true);
        assertThat(room.size()).isEqualTo(2);
    }

    @Test
    void aJoinDeclaringAnSsrcInUseIsCounted() throws Exception {
        Room room = room(100);
        join(room, "ann", 1000, true).next(Signal.Answer.class);
        Client copycat = new Client();
        room.join(new JoinRequest("copycat", "Copycat", JoinOffers.chromium(1000), JoinOffers.TRACKS, true, true),
                copycat);
        assertThat(copycat.next(Signal.Failure.class).code()).isEqualTo("bad_offer");
        assertThat(sfu.metrics().refusals(io.prochat.rtc.sfu.SfuMetrics.Refusal.SSRC_IN_USE)).isEqualTo(1);
        assertThat(sfu.metrics().refusals(io.prochat.rtc.sfu.SfuMetrics.Refusal.SSRC_RETIRED)).isZero();
    }

    @Test
    void oneMoreThanMaxCallParticipantsIsRefused() throws Exception {
        Room room = room(2);
        join(room, "ann", 1000, true);
        join(room, "bob", 2000, true);
        Client cid = new Client();
        room.join(new JoinRequest("cid", "Cid", JoinOffers.chromium(3000), JoinOffers.TRACKS, true, true), cid);
        Signal.Failure refused = cid.next(Signal.Failure.class);
        assertThat(refused.code()).isEqualTo("room_full");
        assertThat(refused.message()).contains("MaxCallParticipants");
        assertThat(room.size()).isEqualTo(2);
    }

    @Test
    void joinsBeyondTheServersLimitOrAUsersFourSessionsAreRefused() throws Exception {
        sfu = Sfu.start(Sfu.Config.of(IceConfig.loopback()));
        rooms = new Rooms(sfu, Rooms.Config.defaults().withMaxServerParticipants(5), emptied::add);
        Room one = rooms.open("one");
        for (int i = 0; i < 4; i++) {
            join(one, "ann", 1000 + 100 * i, false);
        }
        Client fifth = new Client();
        one.join(new JoinRequest("ann", "Ann", JoinOffers.chromium(1500), JoinOffers.TRACKS, true, false), fifth);
        assertThat(fifth.next(Signal.Failure.class).code()).as("a user's fifth session").isEqualTo("too_many_sessions");
        join(rooms.open("two"), "bob", 2000, false); // the server's fifth participant, in another room
        Client sixth = new Client();
        rooms.open("two").join(new JoinRequest("cid", "Cid", JoinOffers.chromium(3000), JoinOffers.TRACKS, true,
                false), sixth);
        Signal.Failure full = sixth.next(Signal.Failure.class);
        assertThat(full.code()).isEqualTo("server_full");
        assertThat(full.message()).contains("MaxServerParticipants");
        assertThat(rooms.participantCount()).isEqualTo(5);
    }

    @Test
    void anUnansweredOfferIsSentOnceMoreAfterTenSecondsAndItsClientRemovedAfterThirty() throws Exception {
        Room room = room(100);
        Client ann = join(room, "ann", 1000, true);
        ann.next(Signal.Answer.class);
        Client bob = join(room, "bob", 2000, true);
        bob.next(Signal.Answer.class);
        room.answer(bob.sessionId, bob.next(Signal.Offer.class).sdp()); // Bob answers; Ann never does
        Signal.Offer first = ann.next(Signal.Offer.class);
        long start = System.nanoTime();
        room.tickAt(start + Duration.ofSeconds(11).toNanos());
        assertThat(ann.next(Signal.Offer.class).sdp()).as("the same offer again").isEqualTo(first.sdp());
        room.tickAt(start + Duration.ofSeconds(12).toNanos());
        room.snapshot();
        assertThat(ann.in).as("only once").noneMatch(s -> s instanceof Signal.Offer);
        room.tickAt(start + Duration.ofSeconds(31).toNanos());
        assertThat(ann.next(Signal.Closed.class).reason()).contains("no answer");
        assertThat(room.size()).isEqualTo(1);
    }

    @Test
    void aDroppedSignallingConnectionResumesWithTheOfferItMissed() throws Exception {
        Room room = room(100);
        Client ann = join(room, "ann", 1000, true);
        ann.next(Signal.Answer.class);
        room.disconnected(ann.sessionId, ann);
        Client bob = join(room, "bob", 2000, true);
        Client annAgain = new Client();
        room.resume(ann.sessionId, "someone-else", annAgain);
        assertThat(annAgain.next(Signal.Failure.class).code()).isEqualTo("unknown_session");
        room.resume(ann.sessionId, "ann", annAgain);
        annAgain.next(Signal.Joined.class);
        assertThat(annAgain.next(Signal.Offer.class).tracks()).hasSize(2);
        assertThat(room.size()).isEqualTo(2);
        assertThat(bob.sessionId).isNotNull();
    }

    static io.prochat.rtc.sfu.media.StreamSource streamOf(Room room, long ssrc) {
        for (io.prochat.rtc.sfu.media.StreamSource s : room.streams()) {
            if (s.ssrc() == ssrc) {
                return s;
            }
        }
        throw new AssertionError("no stream " + ssrc);
    }

    static void awaitReceivers(Room room, long ssrc, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (streamOf(room, ssrc).receiverCount() != n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(streamOf(room, ssrc).receiverCount()).isEqualTo(n);
    }
}
