package io.prochat.rtc.sfu.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

import io.prochat.rtc.sfu.PacketSender;
import io.prochat.rtc.sfu.rtcp.Nack;
import io.prochat.rtc.sfu.rtcp.Pli;
import org.junit.jupiter.api.Test;

/**
 * The forwarding path allocates nothing per packet in our code (JVB's RtpReceiverNoNewBufferTest idea, as a real
 * test): after warm-up, 20,000 packets to 10 receivers plus their feedback, whose NACKs are answered as RTX, allocate
 * under one byte per packet. The SRTP step is outside this test (a sender that only touches the bytes); the JMH
 * benchmark covers it.
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
        assertThat(video.retransmittedPackets() - resent).as("NACKed packets re-sent").isEqualTo(2 * 399);
        assertThat(video.sendsRtxTo(quiet)).isTrue();
    }
}
