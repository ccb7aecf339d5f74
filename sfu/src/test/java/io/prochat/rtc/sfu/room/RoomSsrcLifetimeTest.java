package io.prochat.rtc.sfu.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.prochat.rtc.sfu.MediaTransport;
import io.prochat.rtc.sfu.Sfu;
import io.prochat.rtc.sfu.dtls.DtlsCertificate;
import io.prochat.rtc.sfu.ice.IceConfig;
import io.prochat.rtc.sfu.media.StreamSource;
import org.junit.jupiter.api.Test;

/**
 * A long huddle's churn as a long-lived receiver sees it (issue 11 item 7): synthetic peers join one after another,
 * each sharing its screen as two simulcast layers, sending sender reports about its microphone and about both
 * layers, and leave. The receiver's outbound SRTP tables (RTP and RTCP, 1,024 SSRCs each; a full one refuses every
 * new stream, after which all RTCP to that receiver failed) must hold nothing of them once they are gone: no layer
 * SSRC ever reaches her (layer reports are rewritten to the screen's SSRC or dropped), and what she was sent about a
 * leaver is forgotten. A joiner declaring a leaver's SSRC is refused ({@code ssrc_retired}); a newcomer's reports still
 * reach her at the end.
 */
class RoomSsrcLifetimeTest {
    private static final Duration STEP = Duration.ofSeconds(15);
    private static final int CYCLES = 12;

    static {
        System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
    }

    @Test
    void simulcastSharersComeAndGoAndALongLivedReceiverKeepsNoStateOfThem() throws Exception {
        ExecutorService dtlsThreads = Executors.newCachedThreadPool();
        DtlsCertificate cert = DtlsCertificate.generate();
        try (Sfu sfu = Sfu.start(Sfu.Config.of(IceConfig.loopback()));
                Rooms rooms = new Rooms(sfu, Rooms.Config.defaults(), id -> { })) {
            Room room = rooms.open("long");
            SyntheticPeer ann = new SyntheticPeer(cert, 1000);
            ann.join(room, "ann", dtlsThreads, STEP);
            ann.keepSending();
            MediaTransport annSide = ann.serverSide;
            assertThat(annSide).isNotNull();
            Set<Long> layers = new HashSet<>();
            Set<Long> seen = new HashSet<>();
            int maxRtp = 0;
            int maxRtcp = 0;
            for (int i = 0; i < CYCLES; i++) {
                long base = 100_000 + i * 100L;
                SyntheticPeer p = new SyntheticPeer(cert, base);
                try {
                    p.join(room, "u" + i, dtlsThreads, STEP, JoinOffers::simulcastScreen);
                    room.screen(p.sessionId(), true, false);
                    long l = base + 50;
                    long h = base + 60;
                    layers.add(l);
                    layers.add(h);
                    long screen = screenSsrc(room, p.sessionId());
                    seen.add(p.micSsrc());
                    seen.add(screen);
                    long end = System.nanoTime() + STEP.toNanos();
                    int seq = 0;
                    while ((ann.rtpFrom(p.micSsrc()) == 0 || ann.rtcpFrom(p.micSsrc()) == 0
                            || ann.rtpFrom(screen) == 0 || ann.rtcpFrom(screen) == 0) && System.nanoTime() < end) {
                        long ts = seq * 3000L;
                        p.sendAudio(1);
                        p.sendProtected(vp8(l, "l", seq, ts, seq % 5 == 0), 40, false);
                        p.sendProtected(vp8(h, "h", seq, ts, seq % 5 == 0), 40, false);
                        p.sendProtected(senderReport(p.micSsrc(), seq * 960L), 28, true);
                        p.sendProtected(senderReport(l, ts), 28, true);
                        p.sendProtected(senderReport(h, ts), 28, true);
                        seq++;
                        Thread.sleep(20); // a sender's pace, not synchronisation: the loop waits on the counts
                    }
                    assertThat(ann.rtpFrom(p.micSsrc())).as("cycle %d: the newcomer's audio reached ann", i)
                            .isPositive();
                    assertThat(ann.rtcpFrom(p.micSsrc())).as("cycle %d: its microphone's reports", i).isPositive();
                    assertThat(ann.rtpFrom(screen)).as("cycle %d: its screen, on the one virtual SSRC", i)
                            .isPositive();
                    assertThat(ann.rtcpFrom(screen)).as("cycle %d: a layer's report, as the screen's", i)
                            .isPositive();
                    maxRtp = Math.max(maxRtp, annSide.outboundRtpSsrcs());
                    maxRtcp = Math.max(maxRtcp, annSide.outboundRtcpSsrcs());
                    p.leaveAndWait(STEP);
                } finally {
                    p.close();
                }
            }
            assertThat(ann.rtcpSsrcs()).as("no layer SSRC ever reached ann").doesNotContainAnyElementsOf(layers);
            // each leaver's streams are forgotten two seconds after it left; what may stay is the SFU's own
            // reports to ann (one SSRC)
            long end = System.nanoTime() + STEP.toNanos();
            while ((annSide.outboundRtpSsrcs() > 0 || annSide.outboundRtcpSsrcs() > 1) && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            System.out.printf("ssrc lifetime: ann's outbound SSRCs at most %d RTP, %d RTCP during the churn (leavers"
                    + " are forgotten 2 s after they left); %d and %d after %d cycles%n", maxRtp, maxRtcp,
                    annSide.outboundRtpSsrcs(), annSide.outboundRtcpSsrcs(), CYCLES);
            assertThat(annSide.outboundRtpSsrcs()).as("RTP state of leavers").isZero();
            assertThat(annSide.outboundRtcpSsrcs()).as("RTCP state of leavers").isLessThanOrEqualTo(1);

            // the first leaver's SSRCs stay retired: a joiner declaring them is refused, whatever the time since
            SyntheticPeer heir = new SyntheticPeer(cert, 100_000);
            try {
                assertThatThrownBy(() -> heir.join(room, "heir", dtlsThreads, STEP))
                        .hasMessageContaining("ssrc_retired");
            } finally {
                heir.close();
            }
            assertThat(sfu.metrics().refusals(io.prochat.rtc.sfu.SfuMetrics.Refusal.SSRC_RETIRED)).isEqualTo(1);

            // RTCP to ann still works
            SyntheticPeer late = new SyntheticPeer(cert, 900_000);
            try {
                late.join(room, "late", dtlsThreads, STEP);
                long until = System.nanoTime() + STEP.toNanos();
                int seq = 0;
                while (ann.rtcpFrom(late.micSsrc()) == 0 && System.nanoTime() < until) {
                    late.sendAudio(1);
                    late.sendProtected(senderReport(late.micSsrc(), seq++ * 960L), 28, true);
                    Thread.sleep(20);
                }
                assertThat(ann.rtcpFrom(late.micSsrc())).as("a newcomer's report reached ann").isPositive();
            } finally {
                late.close();
            }
            ann.close();
        } finally {
            dtlsThreads.shutdownNow();
        }
    }

    /** The SSRC receivers see of {@code session}'s simulcast screen (chosen by the SFU). */
    private static long screenSsrc(Room room, String session) {
        for (StreamSource s : room.streams()) {
            if (s.group() != null && s.id().equals("screen_" + session)) {
                return s.ssrc();
            }
        }
        throw new AssertionError("no simulcast screen for " + session);
    }

    /** VP8 RTP with mid "2" (id 4) and a rid (id 10), as the Chromium offer numbers them; 40 bytes. */
    static byte[] vp8(long ssrc, String rid, int seq, long ts, boolean keyFrame) {
        byte[] b = new byte[64];
        b[0] = (byte) 0x90;
        b[1] = 96;
        b[2] = (byte) (seq >> 8);
        b[3] = (byte) seq;
        put32(b, 4, ts);
        put32(b, 8, ssrc);
        b[12] = (byte) 0xBE;
        b[13] = (byte) 0xDE;
        b[15] = 2; // two words of elements
        b[16] = 0x40; // id 4, one byte: mid
        b[17] = '2';
        b[18] = (byte) 0xA0; // id 10, one byte: rid
        b[19] = (byte) rid.charAt(0);
        b[24] = 0x10; // VP8 payload descriptor: start of partition
        b[25] = (byte) (keyFrame ? 0x00 : 0x01); // VP8 frame header: the P bit
        return b;
    }

    /** A sender report without report blocks (RFC 3550 §6.4.1): 28 bytes. */
    static byte[] senderReport(long ssrc, long rtpTimestamp) {
        byte[] b = new byte[28];
        b[0] = (byte) 0x80;
        b[1] = (byte) 200;
        b[3] = 6;
        put32(b, 4, ssrc);
        long ntpSeconds = System.currentTimeMillis() / 1000 + 2_208_988_800L;
        put32(b, 8, ntpSeconds);
        put32(b, 16, rtpTimestamp);
        return b;
    }

    static void put32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
