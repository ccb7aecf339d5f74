package io.prochat.rtc.sfu.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

import io.prochat.rtc.sfu.PacketSender;
import io.prochat.rtc.sfu.rtcp.Nack;
import io.prochat.rtc.sfu.rtcp.Pli;
import io.prochat.rtc.sfu.srtp.PacketBuffer;
import io.prochat.rtc.sfu.srtp.SrtpProfile;
import io.prochat.rtc.sfu.srtp.SrtpResult;
import io.prochat.rtc.sfu.srtp.SrtpSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The forwarding path allocates nothing per packet in our code (JVB's RtpReceiverNoNewBufferTest idea, as a real
 * test): after warm-up, 20,000 packets to 10 receivers plus their feedback, whose NACKs are answered as RTX, allocate
 * under one byte per packet, first for the forwarding code alone, then for the whole path with SRTP: the publisher's
 * browser encrypts, the SFU decrypts once, forwards, and encrypts once per receiver with the receiver's own session
 * (everything but the UDP send, which {@link ForwardingBenchmark} adds).
 */
class ForwardingAllocationTest {
    private static final long SSRC = 0x1234;

    @Test
    void forwardingAndFeedbackAllocateNothingPerPacket() {
        StreamTable room = new StreamTable();
        PacketSender quiet = new PacketSender() {
            int sum;

            @Override
            public boolean sendRtp(byte[] buf, int off, int len) {
                sum += buf[off + len - 1];
                return true;
            }

            @Override
            public boolean sendRtcp(byte[] buf, int off, int len) {
                sum += buf[off];
                return true;
            }
        };
        Forwarder publisher = new Forwarder(room);
        Forwarder receiver = new Forwarder(room);
        StreamSource video = new StreamSource("v", SSRC, true, quiet, 0, new PacketCache(512, 1500));
        video.rtxSsrc(SSRC + 1);
        publisher.own().add(video);
        room.add(video);
        for (int i = 0; i < 10; i++) {
            video.attach(quiet, 97);
            video.attach(new PacketSender() {
                @Override
                public boolean sendRtp(byte[] buf, int off, int len) {
                    return true;
                }

                @Override
                public boolean sendRtcp(byte[] buf, int off, int len) {
                    return true;
                }
            });
        }
        byte[] packet = new byte[1300];
        System.arraycopy(Packets.rtp(0, 0, SSRC), 0, packet, 0, 16);
        byte[] feedback = new byte[100];
        int pli = Pli.write(feedback, 0, 1, SSRC);
        int[] lost = new int[2];
        Runnable burst = () -> {
            for (int seq = 0; seq < 20_000; seq++) {
                packet[2] = (byte) (seq >> 8);
                packet[3] = (byte) seq;
                publisher.receiveRtp(packet, 0, 1200);
                if (seq % 50 == 0) {
                    lost[0] = (seq - 2) & 0xFFFF; // still in the cache: both are re-sent, as RTX
                    lost[1] = (seq - 1) & 0xFFFF;
                    int n = pli + Nack.write(feedback, pli, 1, SSRC, lost, 2);
                    receiver.receiveRtcp(quiet, feedback, 0, n);
                }
            }
        };
        burst.run(); // warm-up: thread-locals, cache slots, JIT
        burst.run();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long resent = video.retransmittedPackets();
        long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
        burst.run();
        long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertThat(allocated).as("bytes allocated for 20,000 forwarded packets").isLessThan(20_000);
        // the receiver's retransmission budget (NackGuard) refuses most of 798 resends asked for within milliseconds;
        // those refused took the same path up to the budget check
        assertThat(video.retransmittedPackets() - resent).as("NACKed packets re-sent").isBetween(1L, 2L * 399);
        assertThat(receiver.nacksOverBudget()).isPositive();
        assertThat(video.sendsRtxTo(quiet)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void receiveDecryptForwardEncryptAllocatesNothingPerPacket(SrtpProfile profile) {
        byte[] salt = new byte[profile.saltLength()];
        SrtpSession browser = SrtpSession.of(profile, key(1), salt, key(2), salt);
        SrtpSession sfuIn = SrtpSession.of(profile, key(2), salt, key(1), salt);
        StreamTable room = new StreamTable();
        Forwarder publisher = new Forwarder(room);
        StreamSource video = new StreamSource("v", SSRC, true, new BenchSender(null, null), 0,
                new PacketCache(512, 1500));
        publisher.own().add(video);
        room.add(video);
        BenchSender[] receivers = new BenchSender[10];
        for (int i = 0; i < receivers.length; i++) {
            receivers[i] = new BenchSender(SrtpSession.of(profile, key(10 + i), salt, key(99), salt), null);
            video.attach(receivers[i]);
        }
        byte[] plain = new byte[1200];
        System.arraycopy(Packets.rtp(0, 0, SSRC), 0, plain, 0, 16);
        byte[] buf = new byte[1300];
        PacketBuffer view = new PacketBuffer();
        int[] seq = {0};
        Runnable burst = () -> {
            for (int i = 0; i < 20_000; i++) {
                int s = seq[0]++ & 0xFFFF;
                System.arraycopy(plain, 0, buf, 0, plain.length);
                buf[2] = (byte) (s >> 8);
                buf[3] = (byte) s;
                view.wrap(buf, 0, plain.length);
                if (browser.protectRtp(view) != SrtpResult.OK || sfuIn.unprotectRtp(view) != SrtpResult.OK) {
                    throw new AssertionError("SRTP failed at packet " + i);
                }
                publisher.receiveRtp(buf, 0, view.getLength());
            }
        };
        burst.run(); // warm-up: stream contexts, cache slots, JIT
        burst.run();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
        burst.run();
        long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        System.out.printf("%s: %.2f B allocated per packet received, decrypted and forwarded to 10 receivers%n",
                profile, allocated / 20_000.0);
        assertThat(receivers[9].sent).as("packets the last receiver encrypted").isEqualTo(60_000);
        assertThat(allocated).as("bytes allocated for 20,000 packets, each decrypted once and encrypted 10 times")
                .isLessThan(20_000);
    }

    private static byte[] key(int v) {
        byte[] k = new byte[16];
        java.util.Arrays.fill(k, (byte) v);
        return k;
    }
}
