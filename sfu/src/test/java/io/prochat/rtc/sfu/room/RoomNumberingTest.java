package io.prochat.rtc.sfu.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.prochat.rtc.sfu.Sfu;
import io.prochat.rtc.sfu.dtls.DtlsCertificate;
import io.prochat.rtc.sfu.ice.IceConfig;
import io.prochat.rtc.sfu.sdp.MediaDescription;
import io.prochat.rtc.sfu.sdp.SessionDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that number codecs and header extensions differently share a room: a Firefox-numbered client (Opus 109,
 * VP8 120, audio level at id 3) and a Chromium one (111, 96, id 1) each get SDP in their own numbering, and each
 * receives the other's packets renumbered for it. Real ICE, DTLS and SRTP on loopback (synthetic peers); the
 * receivers look at the headers, which SRTP leaves in the clear.
 */
class RoomNumberingTest {
    private static final Duration STEP = Duration.ofSeconds(10);

    static {
        System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
    }

    private final ExecutorService dtlsThreads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        dtlsThreads.shutdownNow();
    }

    /** PT and the first extension element's id of an SRTP packet, from its clear header. */
    private record Seen(long ssrc, int payloadType, int extensionId, int extensionValue) {
        static Seen of(byte[] b, int len) {
            long ssrc = ((b[8] & 0xFFL) << 24) | ((b[9] & 0xFF) << 16) | ((b[10] & 0xFF) << 8) | (b[11] & 0xFF);
            boolean ext = (b[0] & 0x10) != 0 && len > 18 && (b[12] & 0xFF) == 0xBE && (b[13] & 0xFF) == 0xDE;
            return new Seen(ssrc, b[1] & 0x7F, ext ? (b[16] & 0xFF) >> 4 : 0, ext ? b[17] & 0xFF : -1);
        }
    }

    @Test
    void aFirefoxNumberedAndAChromiumClientEachReceiveTheOthersPacketsInTheirOwnNumbering() throws Exception {
        DtlsCertificate cert = DtlsCertificate.generate();
        try (Sfu sfu = Sfu.start(Sfu.Config.of(IceConfig.loopback()));
                Rooms rooms = new Rooms(sfu, Rooms.Config.defaults(), id -> { })) {
            Room room = rooms.open("mixed");
            SyntheticPeer chromium = new SyntheticPeer(cert, 1000);
            SyntheticPeer firefox = new SyntheticPeer(cert, 2000);
            LinkedBlockingQueue<Seen> atChromium = new LinkedBlockingQueue<>();
            LinkedBlockingQueue<Seen> atFirefox = new LinkedBlockingQueue<>();
            chromium.tap((b, len, now) -> atChromium.add(Seen.of(b, len)));
            firefox.tap((b, len, now) -> atFirefox.add(Seen.of(b, len)));
            chromium.join(room, "chromium", dtlsThreads, STEP);
            firefox.join(room, "firefox", dtlsThreads, STEP, JoinOffers::firefoxNumbered);

            // the SDP each gets speaks its own numbering, for its own tracks and the other's
            Signal.Offer toFirefox = firefox.offers.poll(STEP.toSeconds(), TimeUnit.SECONDS);
            List<MediaDescription> m = SessionDescription.parse(toFirefox.sdp()).media();
            assertThat(m.get(4).toString()).as("Chromium's mic, offered to Firefox").contains("a=rtpmap:109 opus/48000/2",
                    "a=extmap:3 urn:ietf:params:rtp-hdrext:ssrc-audio-level").doesNotContain(":111 ");
            assertThat(m.get(5).toString()).as("Chromium's camera, offered to Firefox").contains("a=rtpmap:120 VP8/90000",
                    "a=rtpmap:124 rtx/90000", "a=fmtp:124 apt=120").doesNotContain(":96 ");
            Signal.Offer toChromium = chromium.offers.poll(STEP.toSeconds(), TimeUnit.SECONDS);
            assertThat(SessionDescription.parse(toChromium.sdp()).media().get(5).toString())
                    .contains("a=rtpmap:96 VP8/90000", "a=fmtp:97 apt=96");
            RoomSignallingTest.awaitReceivers(room, firefox.micSsrc(), 1);
            RoomSignallingTest.awaitReceivers(room, chromium.micSsrc(), 1);
            // a peer's join returns with its own keys; the SFU, as DTLS server, may finish its side a moment later
            long keys = System.nanoTime() + STEP.toNanos();
            while (sfu.metrics().dtlsHandshakesCompleted() < 2 && System.nanoTime() < keys) {
                Thread.sleep(20);
            }
            assertThat(sfu.metrics().dtlsHandshakesCompleted()).isEqualTo(2);

            // Firefox's microphone (109, level at id 3) reaches Chromium as 111 with the level at id 1, and back
            for (int seq = 1; seq <= 3; seq++) {
                firefox.sendRtp(firefox.micSsrc(), 109, false, seq, seq * 960L, 100, 3, 42);
                chromium.sendRtp(chromium.micSsrc(), 111, false, seq, seq * 960L, 100, 1, 17);
                firefox.sendRtp(firefox.cameraSsrc(), 120, true, seq, seq * 3000L, 500);
                chromium.sendRtp(chromium.cameraSsrc(), 96, true, seq, seq * 3000L, 500);
            }
            assertThat(next(atChromium, firefox.micSsrc())).isEqualTo(new Seen(firefox.micSsrc(), 111, 1, 42));
            assertThat(next(atFirefox, chromium.micSsrc())).isEqualTo(new Seen(chromium.micSsrc(), 109, 3, 17));
            assertThat(next(atChromium, firefox.cameraSsrc()).payloadType()).isEqualTo(96);
            assertThat(next(atFirefox, chromium.cameraSsrc()).payloadType()).isEqualTo(120);
            firefox.close();
            chromium.close();
        }
    }

    /**
     * Firefox's max-bundle offer: its video sections bundle-only with port 0 are accepted, not refused, and each
     * answer section carries only the header extensions that section offered (Firefox refuses abs-send-time on audio).
     */
    @Test
    void aFirefoxShapedOfferHasItsBundleOnlyVideoAcceptedAndOnlyOfferedExtensionsAnswered() throws Exception {
        DtlsCertificate cert = DtlsCertificate.generate();
        try (Sfu sfu = Sfu.start(Sfu.Config.of(IceConfig.loopback()));
                Rooms rooms = new Rooms(sfu, Rooms.Config.defaults(), id -> { });
                SyntheticPeer firefox = new SyntheticPeer(cert, 4000);
                SyntheticPeer chromium = new SyntheticPeer(cert, 5000)) {
            Room room = rooms.open("firefox-shaped");
            firefox.join(room, "firefox", dtlsThreads, STEP, JoinOffers::firefoxShaped);
            List<MediaDescription> answer = SessionDescription.parse(firefox.joinAnswer()).media();
            for (MediaDescription m : answer) {
                assertThat(m.isRejected()).as("answer section %s", m.mid()).isFalse();
                if (m.media().equals("audio")) {
                    assertThat(m.toString()).contains("ssrc-audio-level").doesNotContain("abs-send-time");
                } else {
                    assertThat(m.toString()).contains("abs-send-time", "a=recvonly");
                }
            }
            chromium.join(room, "chromium", dtlsThreads, STEP);
            RoomSignallingTest.awaitReceivers(room, firefox.cameraSsrc(), 1);
        }
    }

    /** A client with H.264 where others have VP8 (no VP8 at all) is offered others' VP8 on a type it left free. */
    @Test
    void aClientWithoutVp8IsOfferedOthersVideoOnAPayloadTypeItLeftFree() {
        String h264 = JoinOffers.chromium(3000).replace("a=rtpmap:96 VP8/90000", "a=rtpmap:96 H264/90000");
        RoomSdp.Join j = RoomSdp.parseJoin(h264, JoinOffers.TRACKS);
        assertThat(j.codecs().vp8Pt()).as("96 is its H.264, 97 and 98 are taken too").isEqualTo(99);
        assertThat(j.codecs().opusPt()).isEqualTo(111);
        assertThat(j.codecs().outbound().payloadType(96)).as("the room's VP8 goes out on its 99").isEqualTo(99);
    }

    private static Seen next(LinkedBlockingQueue<Seen> q, long ssrc) throws InterruptedException {
        long end = System.nanoTime() + STEP.toNanos();
        while (System.nanoTime() < end) {
            Seen s = q.poll(100, TimeUnit.MILLISECONDS);
            if (s != null && s.ssrc() == ssrc) {
                return s;
            }
        }
        throw new AssertionError("no packet of SSRC " + ssrc + " arrived");
    }
}
