package io.prochat.rtc.sfu.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

import io.prochat.rtc.sfu.Sfu;
import io.prochat.rtc.sfu.SfuMetrics;
import io.prochat.rtc.sfu.SfuMetrics.Drop;
import io.prochat.rtc.sfu.SfuMetrics.Media;
import io.prochat.rtc.sfu.dtls.DtlsCertificate;
import io.prochat.rtc.sfu.ice.IceConfig;
import org.junit.jupiter.api.Test;

/**
 * Junk on the shared media UDP port (issue 11 item 8): random bytes, truncated STUN, bogus RTP, RTCP and DTLS
 * headers, from an address that never did ICE and from a live session's own 5-tuple, plus well-encrypted RTCP that
 * is malformed inside and RTP on SSRCs nobody negotiated. Every datagram the SFU sees is counted under the reason
 * docs/metrics.md gives, exactly once: everything from an address that never completed ICE as {@code unknown_peer}.
 * The two real sessions keep exchanging audio.
 */
class MediaPortJunkTest {
    private static final Duration STEP = Duration.ofSeconds(15);
    private static final int N = 25;

    static {
        System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
    }

    @Test
    void junkIsCountedByReasonAndTheSessionsKeepWorking() throws Exception {
        ExecutorService dtlsThreads = Executors.newCachedThreadPool();
        DtlsCertificate cert = DtlsCertificate.generate();
        Random random = new Random(11);
        try (Sfu sfu = Sfu.start(Sfu.Config.of(IceConfig.loopback()));
                Rooms rooms = new Rooms(sfu, Rooms.Config.defaults(), id -> { });
                DatagramSocket stranger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Room room = rooms.open("junk");
            SyntheticPeer ann = new SyntheticPeer(cert, 1000);
            SyntheticPeer bob = new SyntheticPeer(cert, 2000);
            ann.join(room, "ann", dtlsThreads, STEP);
            bob.join(room, "bob", dtlsThreads, STEP);
            ann.keepSending();
            bob.keepSending();
            await(() -> ann.rtpFrom(bob.micSsrc()) > 0 && bob.rtpFrom(ann.micSsrc()) > 0, "audio both ways");
            SfuMetrics m = sfu.metrics();
            Map<Drop, Long> before = drops(m);
            long unknownSsrc = m.media(Media.UNKNOWN_SSRC);
            long rtcpMalformed = m.media(Media.RTCP_MALFORMED);

            // 1. from an address that never did ICE
            java.net.InetSocketAddress port = new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(),
                    sfu.udpPort());
            for (int i = 0; i < N; i++) {
                send(stranger, port, randomBytes(random, 1 + random.nextInt(1200)));
                send(stranger, port, java.util.Arrays.copyOf(bindingRequest("nosuch:peer"), 12)); // truncated STUN
                send(stranger, port, bogusRtp(random));
                send(stranger, port, bogusRtcp(random));
                send(stranger, port, bogusDtls(random));
            }
            for (int i = 0; i < N; i++) { // a first STUN request naming a ufrag no session has: counted
                send(stranger, port, bindingRequest("nosuch" + i + ":peer"));
            }
            long unknownPeers = before.get(Drop.UNKNOWN_PEER) + 6L * N; // the junk above, and these requests
            await(() -> m.drops(Drop.UNKNOWN_PEER) >= unknownPeers, "unknown_peer counted");
            assertThat(m.drops(Drop.UNKNOWN_PEER)).isEqualTo(unknownPeers);
            // all of it is unknown_peer, and nothing else moved
            for (Drop d : Drop.values()) {
                if (d != Drop.UNKNOWN_PEER) {
                    assertThat(m.drops(d)).as(d.name()).isEqualTo(before.get(d));
                }
            }

            // 2. from Bob's own 5-tuple, which completed ICE: the SFU sees all of it
            for (int i = 0; i < N; i++) {
                bob.sendRaw(notMedia(random), 1 + random.nextInt(300)); // no RFC 7983 range of ours
                byte[] truncated = java.util.Arrays.copyOf(bindingRequest("x:y"), 12);
                bob.sendRaw(truncated, truncated.length); // STUN's first byte, too short for STUN
                byte[] dtls = bogusDtls(random);
                bob.sendRaw(dtls, dtls.length); // record lengths that do not add up
                byte[] rtp = bogusRtp(random);
                bob.sendRaw(rtp, rtp.length); // SRTP that does not authenticate
                byte[] rtcp = bogusRtcp(random);
                bob.sendRaw(rtcp, rtcp.length); // SRTCP that does not authenticate
                bob.sendRaw(new byte[] {(byte) 0x80, 0x60, 1, 2, 3}, 5); // shorter than an RTP header
                // valid SRTCP whose compound is malformed: an SR claiming 100 words in 28 bytes
                byte[] sr = RoomSsrcLifetimeTest.senderReport(bob.micSsrc(), i);
                sr[3] = 100;
                bob.sendProtected(sr, 28, true);
                // valid SRTP on an SSRC Bob never declared
                bob.sendRtp(2999, 111, false, i, i * 960L, 60);
            }
            Map<Drop, Long> expected = new EnumMap<>(before);
            expected.put(Drop.UNKNOWN_PEER, unknownPeers);
            expected.merge(Drop.NOT_MEDIA, 4L * N, Long::sum);
            long srtpBefore = srtp(before);
            await(() -> m.drops(Drop.NOT_MEDIA) >= expected.get(Drop.NOT_MEDIA)
                    && srtp(drops(m)) >= srtpBefore + 2L * N && m.media(Media.RTCP_MALFORMED) >= rtcpMalformed + N
                    && m.media(Media.UNKNOWN_SSRC) >= unknownSsrc + N, "junk from a bound address counted");
            Map<Drop, Long> after = drops(m);
            System.out.println("junk: drops " + delta(before, after) + ", rtcp_malformed "
                    + (m.media(Media.RTCP_MALFORMED) - rtcpMalformed) + ", unknown_ssrc "
                    + (m.media(Media.UNKNOWN_SSRC) - unknownSsrc));
            assertThat(after.get(Drop.NOT_MEDIA)).as("not_media").isEqualTo(expected.get(Drop.NOT_MEDIA));
            assertThat(srtp(after) - srtpBefore).as("srtp_*: bogus RTP and RTCP").isEqualTo(2L * N);
            assertThat(after.get(Drop.SRTP_AUTH_FAIL) - before.get(Drop.SRTP_AUTH_FAIL)).as("srtp_auth_fail")
                    .isEqualTo(2L * N);
            assertThat(m.media(Media.RTCP_MALFORMED) - rtcpMalformed).as("rtcp_malformed").isEqualTo(N);
            assertThat(m.media(Media.UNKNOWN_SSRC) - unknownSsrc).as("unknown_ssrc").isEqualTo(N);
            assertThat(after.get(Drop.UNKNOWN_PEER)).isEqualTo(unknownPeers);
            assertThat(after.get(Drop.NO_KEYS_YET)).isEqualTo(before.get(Drop.NO_KEYS_YET));

            // 3. the sessions go on
            int annHad = ann.rtpFrom(bob.micSsrc());
            int bobHad = bob.rtpFrom(ann.micSsrc());
            await(() -> ann.rtpFrom(bob.micSsrc()) > annHad + 10 && bob.rtpFrom(ann.micSsrc()) > bobHad + 10,
                    "audio both ways after the junk");
            assertThat(room.size()).isEqualTo(2);
            assertThat(sfu.transportCount()).isEqualTo(2);
            ann.close();
            bob.close();
        } finally {
            dtlsThreads.shutdownNow();
        }
    }

    private static Map<Drop, Long> drops(SfuMetrics m) {
        Map<Drop, Long> d = new EnumMap<>(Drop.class);
        for (Drop x : Drop.values()) {
            d.put(x, m.drops(x));
        }
        return d;
    }

    private static long srtp(Map<Drop, Long> d) {
        return d.get(Drop.SRTP_AUTH_FAIL) + d.get(Drop.SRTP_REPLAY) + d.get(Drop.SRTP_INVALID)
                + d.get(Drop.SRTP_OTHER);
    }

    private static Map<Drop, Long> delta(Map<Drop, Long> before, Map<Drop, Long> after) {
        Map<Drop, Long> d = new EnumMap<>(Drop.class);
        after.forEach((k, v) -> {
            if (v - before.get(k) != 0) {
                d.put(k, v - before.get(k));
            }
        });
        return d;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + STEP.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    private static void send(DatagramSocket s, java.net.InetSocketAddress to, byte[] b) throws java.io.IOException {
        s.send(new DatagramPacket(b, b.length, to));
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    /** 300 random bytes whose first byte is in no range the SFU handles (RFC 7983: 4..15, 80..127, 192..255). */
    private static byte[] notMedia(Random r) {
        byte[] b = randomBytes(r, 300);
        int[] starts = {4 + r.nextInt(12), 80 + r.nextInt(48), 192 + r.nextInt(64)};
        b[0] = (byte) starts[r.nextInt(3)];
        return b;
    }

    /** An RTP header (version 2, payload type 96) and random bytes after it. */
    private static byte[] bogusRtp(Random r) {
        byte[] b = randomBytes(r, 100);
        b[0] = (byte) 0x80;
        b[1] = 96;
        return b;
    }

    /** An RTCP sender report's first bytes, then random ones. */
    private static byte[] bogusRtcp(Random r) {
        byte[] b = randomBytes(r, 80);
        b[0] = (byte) 0x80;
        b[1] = (byte) 200;
        return b;
    }

    /** A DTLS 1.2 application data record header whose length runs past the datagram. */
    private static byte[] bogusDtls(Random r) {
        byte[] b = randomBytes(r, 40);
        b[0] = 23;
        b[1] = (byte) 0xFE;
        b[2] = (byte) 0xFD;
        b[11] = 0x10; // 4096 bytes claimed
        b[12] = 0;
        return b;
    }

    /** A STUN Binding request (RFC 8489) with a USERNAME and nothing else. */
    private static byte[] bindingRequest(String username) {
        byte[] user = username.getBytes(StandardCharsets.US_ASCII);
        int padded = (user.length + 3) & ~3;
        byte[] b = new byte[20 + 4 + padded];
        b[1] = 0x01; // Binding request
        b[3] = (byte) (4 + padded);
        b[4] = 0x21;
        b[5] = 0x12;
        b[6] = (byte) 0xA4;
        b[7] = 0x42;
        for (int i = 8; i < 20; i++) {
            b[i] = (byte) i; // transaction id
        }
        b[21] = 0x06; // USERNAME
        b[23] = (byte) user.length;
        System.arraycopy(user, 0, b, 24, user.length);
        return b;
    }
}
