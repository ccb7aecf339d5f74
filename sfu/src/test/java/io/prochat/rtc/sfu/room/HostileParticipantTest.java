package io.prochat.rtc.sfu.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.prochat.rtc.sfu.Sfu;
import io.prochat.rtc.sfu.SfuMetrics;
import io.prochat.rtc.sfu.SfuMetrics.Media;
import io.prochat.rtc.sfu.SfuMetrics.Refusal;
import io.prochat.rtc.sfu.dtls.DtlsCertificate;
import io.prochat.rtc.sfu.ice.IceConfig;
import io.prochat.rtc.sfu.media.StreamSource;
import io.prochat.rtc.testing.HeadlessChromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A huddle no participant can hijack, flood or freeze (issue 11): three Chromium peer connections publish their fake
 * cameras into one room and decode each other's; then a fourth, synthetic participant (our own ICE, DTLS and SRTP),
 * admitted like anyone, attacks for as long as the three need to decode a good number of frames more: it tries to
 * resume their sessions, floods NACKs for their cameras, spams joins with offers that are malformed or declare SSRCs
 * in use, and sends garbage with valid SRTP (RTP on SSRCs it never declared, malformed RTCP, random VP8 on its own
 * camera). The three keep decoding each other throughout, nobody is removed, and the SFU's counters show each attack
 * refused. Signalling is driven from the test (as in {@link RoomRtxChromiumInteropTest}), so no join page is needed.
 * Not covered here: a participant that stops reading its ICE-TCP connection ({@code TcpWriter}'s bounded queue).
 */
class HostileParticipantTest {
    private static final Duration MEDIA = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAGE_SCRIPT = """
            window.t = {
              pcs: {},
              async offer(name) {
                const pc = new RTCPeerConnection();
                this.pcs[name] = pc;
                const s = await navigator.mediaDevices.getUserMedia({video: {width: 320, height: 240}});
                pc.addTransceiver(s.getVideoTracks()[0], {direction: 'sendonly'});
                await pc.setLocalDescription();
                if (pc.iceGatheringState !== 'complete') {
                  await new Promise(done => pc.addEventListener('icegatheringstatechange',
                      () => pc.iceGatheringState === 'complete' && done()));
                }
                return pc.localDescription.sdp;
              },
              async answered(name, sdp) {
                await this.pcs[name].setRemoteDescription({type: 'answer', sdp});
                return 'ok';
              },
              async answer(name, sdp) {
                const pc = this.pcs[name];
                await pc.setRemoteDescription({type: 'offer', sdp});
                await pc.setLocalDescription();
                return pc.localDescription.sdp;
              },
              async decoded(name) {
                const out = {};
                (await this.pcs[name].getStats()).forEach(r => {
                  if (r.type === 'inbound-rtp' && r.kind === 'video') {
                    out[r.ssrc] = r.framesDecoded || 0;
                  }
                });
                return JSON.stringify(out);
              }
            };
            return 'ready';""";

    private Sfu sfu;
    private Rooms rooms;
    private HttpServer http;
    private HeadlessChromium chromium;
    private ExecutorService dtlsThreads;

    @BeforeAll
    static void noCloudMetadata() {
        System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
    }

    @BeforeEach
    void chromiumIsInstalled() {
        Assumptions.assumeTrue(HeadlessChromium.isAvailable(), "needs /usr/bin/chromium and /usr/bin/chromedriver");
    }

    @AfterEach
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (rooms != null) {
            rooms.close();
        }
        if (sfu != null) {
            sfu.close();
        }
        if (http != null) {
            http.stop(0);
        }
        if (dtlsThreads != null) {
            dtlsThreads.shutdownNow();
        }
    }

    /** One peer connection of the page, joined to the room; its signals are applied by {@link #pump}. */
    private final class Peer implements SignalSink {
        final String name;
        final LinkedBlockingQueue<Signal> in = new LinkedBlockingQueue<>();
        volatile String sessionId;

        Peer(String name) {
            this.name = name;
        }

        @Override
        public void send(Signal s) {
            in.add(s);
        }

        void pump(Room room) {
            Signal s;
            while ((s = in.poll()) != null) {
                if (s instanceof Signal.Joined j) {
                    sessionId = j.sessionId();
                } else if (s instanceof Signal.Answer a) {
                    chromium.eval("return window.t.answered(arguments[0], arguments[1])", name, a.sdp());
                } else if (s instanceof Signal.Offer o) {
                    String answer = (String) chromium.eval("return window.t.answer(arguments[0], arguments[1])", name,
                            o.sdp());
                    room.answer(sessionId, answer);
                } else if (s instanceof Signal.Failure f) {
                    throw new AssertionError(name + ": " + f.code() + " " + f.message());
                } else if (s instanceof Signal.Closed c) {
                    throw new AssertionError(name + " was removed: " + c.reason());
                }
            }
        }
    }

    @Test
    void threeBrowsersKeepDecodingEachOtherWhileAFourthParticipantAttacks() throws Exception {
        sfu = Sfu.start(Sfu.Config.of(IceConfig.loopback().withTcpPort(-1)));
        rooms = new Rooms(sfu, Rooms.Config.defaults(), id -> { });
        Room room = rooms.open("hostile");
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        http.createContext("/", ex -> { // a secure context (localhost) for the fake camera
            byte[] page = "<!doctype html><title>hostile</title>".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, page.length);
            ex.getResponseBody().write(page);
            ex.close();
        });
        http.start();
        chromium = HeadlessChromium.start(List.of("--disable-background-timer-throttling",
                "--disable-renderer-backgrounding"));
        chromium.open("http://127.0.0.1:" + http.getAddress().getPort() + "/");
        chromium.eval(PAGE_SCRIPT);

        List<Peer> peers = new ArrayList<>();
        for (String name : List.of("ann", "bob", "cid")) {
            Peer p = new Peer(name);
            String offer = (String) chromium.eval("return window.t.offer(arguments[0])", name);
            room.join(new JoinRequest(name, name, offer, Map.of("0", "camera"), false, true), p);
            peers.add(p);
        }
        await("three cameras in the room", () -> {
            peers.forEach(p -> p.pump(room));
            return peers.stream().allMatch(p -> p.sessionId != null) && cameras(room, peers).size() == 3;
        });
        Map<String, Long> cameras = cameras(room, peers);
        await("everyone decodes the other two", () -> {
            peers.forEach(p -> p.pump(room));
            return advancedBy(decodedPairs(peers, cameras), Map.of(), 10);
        });

        // the fourth participant, admitted like anyone
        dtlsThreads = Executors.newCachedThreadPool();
        SyntheticPeer mallory = new SyntheticPeer(DtlsCertificate.generate(), 7000);
        mallory.join(room, "mallory", dtlsThreads, MEDIA);
        mallory.keepSending();
        SfuMetrics m = sfu.metrics();
        long nacksRefused = nacksRefused(m);
        long resent = m.retransmissions();
        RoomSignallingTest.Client spam = new RoomSignallingTest.Client();
        AtomicBoolean attacking = new AtomicBoolean(true);
        AtomicReference<Throwable> attackFailed = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicInteger rounds = new java.util.concurrent.atomic.AtomicInteger();
        long unknownSsrc = m.media(Media.UNKNOWN_SSRC);
        long rtcpMalformed = m.media(Media.RTCP_MALFORMED);
        Thread attacker = new Thread(() -> {
            Random random = new Random(7);
            int seq = 0;
            try {
                while (attacking.get()) {
                    for (Peer p : peers) {
                        room.resume(p.sessionId, "mallory", spam); // someone else's session
                    }
                    room.join(new JoinRequest("mallory", "m", "v=0\r\nnonsense\r\n", JoinOffers.TRACKS, true, true),
                            spam);
                    room.join(new JoinRequest("mallory", "m", JoinOffers.chromium(7000), JoinOffers.TRACKS, true,
                            true), spam); // its own SSRCs, in use
                    for (long camera : cameras.values()) {
                        byte[] nack = nack(mallory.micSsrc(), camera, mallory.lastSeq(camera), random);
                        mallory.sendProtected(nack, nack.length, true);
                    }
                    mallory.sendRtp(6999, 111, false, seq, seq * 960L, 60); // an SSRC it never declared
                    byte[] sr = RoomSsrcLifetimeTest.senderReport(mallory.micSsrc(), seq);
                    sr[3] = 100; // claims 404 bytes in 28
                    mallory.sendProtected(sr, 28, true);
                    byte[] vp8 = new byte[200]; // random VP8 on its own camera, forwarded to the three
                    random.nextBytes(vp8);
                    vp8[0] = (byte) 0x80;
                    vp8[1] = (byte) (96 | (seq % 10 == 0 ? 0x80 : 0));
                    vp8[2] = (byte) (seq >> 8);
                    vp8[3] = (byte) seq;
                    RoomSsrcLifetimeTest.put32(vp8, 4, seq * 3000L);
                    RoomSsrcLifetimeTest.put32(vp8, 8, mallory.cameraSsrc());
                    mallory.sendProtected(vp8, vp8.length, false);
                    seq++;
                    rounds.set(seq);
                    Thread.sleep(20); // the attacker's pace
                }
            } catch (Throwable e) {
                attackFailed.set(e);
            }
        }, "mallory");
        Map<String, Long> atStart = decodedPairs(peers, cameras);
        attacker.start();
        try {
            await("the three keep decoding each other under attack", () -> {
                peers.forEach(p -> p.pump(room));
                return advancedBy(decodedPairs(peers, cameras), atStart, 40) && rounds.get() >= 100;
            });
        } finally {
            attacking.set(false);
            attacker.join(5000);
        }
        assertThat(attackFailed.get()).as("the attacker itself ran").isNull();
        Map<String, Long> afterAttack = decodedPairs(peers, cameras);
        await("and after it", () -> {
            peers.forEach(p -> p.pump(room));
            return advancedBy(decodedPairs(peers, cameras), afterAttack, 10);
        });
        System.out.printf("hostile: %d rounds; resumes refused %d, joins refused bad_offer %d, ssrc_in_use %d;"
                + " NACKed packets refused %d, resent %d; unknown_ssrc %d, rtcp_malformed %d; frames %s -> %s%n",
                rounds.get(), m.refusals(Refusal.UNKNOWN_SESSION), m.refusals(Refusal.BAD_OFFER),
                m.refusals(Refusal.SSRC_IN_USE), nacksRefused(m) - nacksRefused, m.retransmissions() - resent,
                m.media(Media.UNKNOWN_SSRC) - unknownSsrc, m.media(Media.RTCP_MALFORMED) - rtcpMalformed, atStart,
                decodedPairs(peers, cameras));
        int n = rounds.get();
        room.snapshot(); // the control thread has handled every resume and join the attacker queued
        await("the last garbage counted", () -> m.media(Media.UNKNOWN_SSRC) >= unknownSsrc + n
                && m.media(Media.RTCP_MALFORMED) >= rtcpMalformed + n);
        assertThat(room.size()).as("nobody removed, nobody added").isEqualTo(4);
        assertThat(m.refusals(Refusal.UNKNOWN_SESSION)).as("resumes of others' sessions").isEqualTo(3L * n);
        assertThat(m.refusals(Refusal.BAD_OFFER)).as("malformed joins").isEqualTo(n);
        assertThat(m.refusals(Refusal.SSRC_IN_USE)).as("joins declaring SSRCs in use").isEqualTo(n);
        // the browsers' own probes may add a few unknown SSRCs; the attacker's are all counted
        assertThat(m.media(Media.UNKNOWN_SSRC) - unknownSsrc).as("RTP on undeclared SSRCs")
                .isGreaterThanOrEqualTo(n);
        assertThat(m.media(Media.RTCP_MALFORMED) - rtcpMalformed).as("malformed RTCP").isEqualTo(n);
        assertThat(m.media(Media.NACK_DUPLICATE) + m.media(Media.NACK_OVER_BUDGET))
                .as("NACKs for packets just resent, or past the budget, refused").isPositive();
        assertThat(nacksRefused(m) - nacksRefused).as("NACKed packets not resent")
                .isGreaterThan(m.retransmissions() - resent);
        mallory.close();
    }

    private static long nacksRefused(SfuMetrics m) {
        return m.media(Media.NACK_OVER_BUDGET) + m.media(Media.NACK_DUPLICATE) + m.media(Media.NACK_UNANSWERED);
    }

    /**
     * A generic NACK (RFC 4585 §6.2.1) for {@code media}: 40 entries of 17 sequence numbers each, the first 20 the
     * packets just before {@code last} (cached at the SFU, so they cost it retransmissions), the rest random.
     */
    private static byte[] nack(long sender, long media, int last, Random random) {
        int entries = 40;
        byte[] b = new byte[12 + 4 * entries];
        b[0] = (byte) 0x81; // version 2, FMT 1
        b[1] = (byte) 205;
        int words = b.length / 4 - 1;
        b[2] = (byte) (words >> 8);
        b[3] = (byte) words;
        RoomSsrcLifetimeTest.put32(b, 4, sender);
        RoomSsrcLifetimeTest.put32(b, 8, media);
        for (int i = 0; i < entries; i++) {
            int pid = last >= 0 && i < 20 ? (last - 17 * (i + 1)) & 0xFFFF : random.nextInt(65536);
            b[12 + 4 * i] = (byte) (pid >> 8);
            b[13 + 4 * i] = (byte) pid;
            b[14 + 4 * i] = (byte) 0xFF;
            b[15 + 4 * i] = (byte) 0xFF;
        }
        return b;
    }

    /** Session id → its camera's SSRC, for the browsers' sessions that have one. */
    private static Map<String, Long> cameras(Room room, List<Peer> peers) {
        Map<String, Long> out = new HashMap<>();
        for (Peer p : peers) {
            for (StreamSource s : room.streams()) {
                if (p.sessionId != null && s.id().equals(TrackKind.CAMERA.wireName() + "_" + p.sessionId)) {
                    out.put(p.sessionId, s.ssrc());
                }
            }
        }
        return out;
    }

    /** Frames each browser decoded of each other's camera, keyed "receiver<-sender". */
    private Map<String, Long> decodedPairs(List<Peer> peers, Map<String, Long> cameras) {
        Map<String, Long> out = new HashMap<>();
        for (Peer r : peers) {
            JsonNode d;
            try {
                d = JSON.readTree((String) chromium.eval("return window.t.decoded(arguments[0])", r.name));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            for (Peer s : peers) {
                if (s != r) {
                    out.put(r.name + "<-" + s.name, d.path(Long.toString(cameras.get(s.sessionId))).asLong(0));
                }
            }
        }
        return out;
    }

    /** All six pairs decoded more than {@code frames} frames since {@code before}. */
    private static boolean advancedBy(Map<String, Long> now, Map<String, Long> before, long frames) {
        return now.size() == 6 && now.entrySet().stream()
                .allMatch(e -> e.getValue() > before.getOrDefault(e.getKey(), 0L) + frames);
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + MEDIA.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }
}
