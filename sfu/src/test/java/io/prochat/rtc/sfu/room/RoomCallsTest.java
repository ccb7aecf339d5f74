package io.prochat.rtc.sfu.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.prochat.rtc.sfu.Sfu;
import io.prochat.rtc.sfu.ice.IceConfig;
import io.prochat.rtc.sfu.sdp.MediaDescription;
import io.prochat.rtc.sfu.sdp.SessionDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calls-plugin sessions in a room, with offers shaped as the Calls client (calls-common's RTCPeer in Chromium)
 * writes them: a data-channel-only first offer, then offers of its own adding the microphone and the screen, its
 * tracks told apart by MediaStream id. No browser, no media: the signalling only.
 */
class RoomCallsTest {
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
        room = rooms.open("calls:c1:call1");
    }

    @AfterEach
    void stop() {
        rooms.close();
        sfu.close();
    }

    /** A Calls client's first offer: the data channel alone, as RTCPeer creates calls-dc before any track. */
    static String dataOnly() {
        List<String> l = new ArrayList<>(List.of("v=0", "o=- 4611731400430051336 2 IN IP4 127.0.0.1", "s=-", "t=0 0",
                "a=group:BUNDLE 0", "a=extmap-allow-mixed", "a=msid-semantic: WMS"));
        application(l);
        return String.join("\r\n", l) + "\r\n";
    }

    private static void application(List<String> l) {
        l.add("m=application 9 UDP/DTLS/SCTP webrtc-datachannel");
        JoinOffers.common(l, "0");
        l.addAll(List.of("a=sctp-port:5000", "a=max-message-size:262144"));
    }

    /** The client's next offer: the data channel, then its tracks in order ({mid, "audio"|"video", ssrc, stream}). */
    static String withTracks(Object[]... tracks) {
        List<String> bundle = new ArrayList<>(List.of("0"));
        for (Object[] t : tracks) {
            bundle.add((String) t[0]);
        }
        List<String> l = new ArrayList<>(List.of("v=0", "o=- 4611731400430051336 3 IN IP4 127.0.0.1", "s=-", "t=0 0",
                "a=group:BUNDLE " + String.join(" ", bundle), "a=extmap-allow-mixed", "a=msid-semantic: WMS"));
        application(l);
        for (Object[] t : tracks) {
            int from = l.size();
            long ssrc = (Long) t[2];
            if ("recvonly audio".equals(t[1])) { // an m-line we offered the client, as it offers it back
                JoinOffers.audio(l, (String) t[0], ssrc);
                l.subList(from, l.size()).removeIf(x -> x.startsWith("a=ssrc:") || x.startsWith("a=msid:"));
                l.replaceAll(x -> x.equals("a=sendonly") ? "a=recvonly" : x);
                continue;
            }
            if ("audio".equals(t[1])) {
                JoinOffers.audio(l, (String) t[0], ssrc);
            } else {
                JoinOffers.video(l, (String) t[0], ssrc, ssrc + 100);
            }
            for (int i = from; i < l.size(); i++) {
                l.set(i, l.get(i).replace("msid:- ", "msid:" + t[3] + " "));
            }
        }
        return String.join("\r\n", l) + "\r\n";
    }

    private RoomSignallingTest.Client join(String sessionId) throws Exception {
        RoomSignallingTest.Client c = new RoomSignallingTest.Client();
        room.join(JoinRequest.calls(sessionId, "user-" + sessionId, dataOnly(), null), c);
        assertThat(c.next(Signal.Joined.class).sessionId()).isEqualTo(sessionId);
        return c;
    }

    private static List<MediaDescription> media(String sdp) throws Exception {
        return SessionDescription.parse(sdp).media();
    }

    private static String section(String sdp, int index) throws Exception {
        return media(sdp).get(index).toString();
    }

    @Test
    void aDataChannelOnlyOfferIsAnsweredWithSctpAndTheSessionKeepsThePluginsId() throws Exception {
        RoomSignallingTest.Client ann = join("ann-session");
        String answer = ann.next(Signal.Answer.class).sdp();
        assertThat(media(answer)).hasSize(1);
        assertThat(section(answer, 0)).contains("m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "a=mid:0",
                "a=sctp-port:5000", "a=max-message-size:262144", "a=setup:passive", "a=candidate:");
        assertThat(answer).contains("a=group:BUNDLE 0");
        RoomSignallingTest.Client copy = new RoomSignallingTest.Client();
        room.join(JoinRequest.calls("ann-session", "someone", dataOnly(), null), copy);
        assertThat(copy.next(Signal.Failure.class).code()).isEqualTo("session_exists");
    }

    @Test
    void theMicrophoneAddedByTheClientsOfferReachesOthersOnlyOnceTheirDataChannelIsOpen() throws Exception {
        RoomSignallingTest.Client ann = join("ann");
        ann.next(Signal.Answer.class);
        RoomSignallingTest.Client bob = join("bob");
        bob.next(Signal.Answer.class);
        room.dataChannelOpen("ann");

        room.clientOffer("ann", withTracks(new Object[] {"1", "audio", 1001L, "annStream"}));
        String answer = ann.next(Signal.Answer.class).sdp();
        assertThat(media(answer)).hasSize(2);
        assertThat(section(answer, 1)).contains("a=mid:1", "a=recvonly", "a=rtpmap:111 opus/48000/2",
                "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level");
        room.snapshot();
        assertThat(bob.in.stream().filter(s -> s instanceof Signal.Offer)).as("Bob's data channel is not open").isEmpty();

        room.dataChannelOpen("bob");
        Signal.Offer toBob = bob.next(Signal.Offer.class);
        assertThat(toBob.tracks()).hasSize(1);
        Signal.TrackInfo voice = toBob.tracks().values().iterator().next();
        assertThat(voice.type()).isEqualTo("voice");
        assertThat(voice.sessionId()).isEqualTo("ann");
        String audio = section(toBob.sdp(), 1);
        assertThat(audio).contains("a=sendonly", "a=ssrc:1001 cname:ann").containsPattern("a=msid:ann voice_ann_[A-Za-z0-9]{8}");
        assertThat(section(toBob.sdp(), 0)).contains("m=application", "a=setup:actpass");
    }

    @Test
    void screenTracksAreThoseOfTheAnnouncedStreamAndOtherVideoIsRefused() throws Exception {
        RoomSignallingTest.Client ann = join("ann");
        ann.next(Signal.Answer.class);
        RoomSignallingTest.Client bob = join("bob");
        bob.next(Signal.Answer.class);
        room.dataChannelOpen("bob");

        room.clientOffer("ann", withTracks(new Object[] {"1", "video", 1002L, "unannounced"}));
        assertThat(section(ann.next(Signal.Answer.class).sdp(), 1)).as("video of no announced stream")
                .startsWith("m=video 0 ");

        room.screenOn("ann", "screenStream");
        room.clientOffer("ann", withTracks(new Object[] {"1", "video", 1002L, "unannounced"},
                new Object[] {"2", "video", 1003L, "screenStream"}, new Object[] {"3", "audio", 1004L, "screenStream"}));
        String answer = ann.next(Signal.Answer.class).sdp();
        assertThat(section(answer, 2)).contains("a=recvonly", "a=rtpmap:96 VP8/90000");
        assertThat(section(answer, 3)).contains("a=recvonly");
        Signal.Offer toBob = bob.next(Signal.Offer.class);
        assertThat(toBob.tracks().values()).extracting(Signal.TrackInfo::type)
                .containsExactlyInAnyOrder("screen", "screen-audio");

        RoomSignallingTest.Client cid = join("cid");
        cid.next(Signal.Answer.class);
        room.screenOn("cid", "cidScreen");
        assertThat(cid.next(Signal.Failure.class).code()).as("one sharer a call").isEqualTo("screen_taken");

        room.answer("bob", "v=0");
        room.screenOff("ann");
        Signal.Offer after = bob.next(Signal.Offer.class);
        assertThat(after.tracks()).isEmpty();
        assertThat(after.sdp()).doesNotContain("a=ssrc:1003");
    }

    @Test
    void aSimulcastScreenShareIsAnsweredWithItsLayersAndOfferedToOthersAsOneStream() throws Exception {
        RoomSignallingTest.Client ann = join("ann");
        ann.next(Signal.Answer.class);
        RoomSignallingTest.Client bob = join("bob");
        bob.next(Signal.Answer.class);
        room.dataChannelOpen("bob");
        room.screenOn("ann", "screenStream");
        String offer = withTracks(new Object[] {"1", "video", 1003L, "screenStream"})
                .replaceAll("a=ssrc-group:FID [0-9 ]+\r\n", "").replaceAll("a=ssrc:[^\r]+\r\n", "")
                .replace("a=rtcp-mux\r\n",
                        "a=rtcp-mux\r\na=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id\r\n")
                .replace("a=rtpmap:98 VP9/90000\r\n",
                        "a=rtpmap:98 VP9/90000\r\na=rid:l send\r\na=rid:h send\r\na=simulcast:send l;h\r\n");
        room.clientOffer("ann", offer);
        String screen = section(ann.next(Signal.Answer.class).sdp(), 1);
        assertThat(screen).contains("a=recvonly", "a=rid:l recv", "a=rid:h recv", "a=simulcast:recv l;h",
                "a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id");
        Signal.Offer toBob = bob.next(Signal.Offer.class);
        assertThat(toBob.tracks().values()).extracting(Signal.TrackInfo::type).containsExactly("screen");
        String forwarded = section(toBob.sdp(), 1);
        assertThat(forwarded).contains("a=sendonly", "a=ssrc:").doesNotContain("a=simulcast", "a=rid:");
    }

    @Test
    void aClientMaySendAgainOnAnSsrcItStoppedButNobodyElseMay() throws Exception {
        RoomSignallingTest.Client ann = join("ann");
        ann.next(Signal.Answer.class);
        RoomSignallingTest.Client bob = join("bob");
        bob.next(Signal.Answer.class);
        Object[] annMic = {"1", "audio", 1001L, "annStream"};
        Object[] stopped = {"1", "recvonly audio", 0L, null};
        room.clientOffer("ann", withTracks(annMic));
        ann.next(Signal.Answer.class);
        room.clientOffer("ann", withTracks(stopped)); // the transceiver stops sending: its SSRC retires
        ann.next(Signal.Answer.class);
        room.clientOffer("ann", withTracks(annMic)); // and sends again on it, as a browser's transceiver does
        ann.next(Signal.Answer.class);
        RoomSignallingTest.streamOf(room, 1001L);
        room.clientOffer("ann", withTracks(stopped));
        ann.next(Signal.Answer.class);

        room.clientOffer("bob", withTracks(new Object[] {"1", "audio", 1001L, "bobStream"}));
        Signal.Failure f = bob.next(Signal.Failure.class);
        assertThat(f.code()).isEqualTo("ssrc_retired");
        assertThat(sfu.metrics().refusals(io.prochat.rtc.sfu.SfuMetrics.Refusal.SSRC_RETIRED)).isEqualTo(1);
        assertThat(ann.in).noneMatch(x -> x instanceof Signal.Failure);
    }

    @Test
    void aClientOfferCrossingOursIsIgnoredAndTheLockHoldsOursBack() throws Exception {
        RoomSignallingTest.Client ann = join("ann");
        ann.next(Signal.Answer.class);
        RoomSignallingTest.Client bob = join("bob");
        bob.next(Signal.Answer.class);
        room.dataChannelOpen("ann");
        room.dataChannelOpen("bob");
        room.clientOffer("ann", withTracks(new Object[] {"1", "audio", 1001L, "a"}));
        ann.next(Signal.Answer.class);
        Signal.Offer toBob = bob.next(Signal.Offer.class); // Ann's microphone, unanswered

        room.clientOffer("bob", withTracks(new Object[] {"1", "audio", 2001L, "b"}));
        room.snapshot();
        assertThat(bob.in).as("crossed our offer: the polite client rolls back and answers ours")
                .noneMatch(x -> x instanceof Signal.Answer || x instanceof Signal.Failure);
        room.answer("bob", toBob.sdp());

        AtomicReference<Boolean> granted = new AtomicReference<>();
        room.lock("ann", granted::set);
        room.snapshot();
        assertThat(granted.get()).isTrue();
        room.lock("bob", granted::set);
        room.snapshot();
        assertThat(granted.get()).as("Bob's lock: no offer in flight to him").isTrue();
        room.clientOffer("bob", withTracks(new Object[] {"1", "recvonly audio", 0L, null},
                new Object[] {"2", "audio", 2001L, "b"}));
        bob.next(Signal.Answer.class);
        room.snapshot();
        Thread.sleep(300);
        assertThat(ann.in).as("Ann holds the lock: no offer to her").noneMatch(x -> x instanceof Signal.Offer);
        room.unlock("ann");
        assertThat(ann.next(Signal.Offer.class).tracks().values()).extracting(Signal.TrackInfo::sessionId)
                .containsExactly("bob");
    }
}
