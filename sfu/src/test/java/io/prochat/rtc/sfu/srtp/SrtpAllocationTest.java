package io.prochat.rtc.sfu.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the forwarding crypto allocates per packet (unprotect, then protect again in the same buffer, as the echo and a
 * room do, plus the browser's side of each), measured with the JVM's per-thread allocation counter: the idea of JVB's
 * RtpReceiverNoNewBufferTest made a real test. Nothing is allocated and nothing is copied, for either profile and
 * any packet size; the test prints the figure so a JMH {@code -prof gc} run can be compared.
 */
class SrtpAllocationTest {
    private static final int WARMUP = 20_000;
    private static final int MEASURED = 20_000;

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void forwardingCryptoAllocatesNothing(SrtpProfile profile) {
        double small = bytesPerForwardedPacket(profile, 200);
        double large = bytesPerForwardedPacket(profile, 1200);
        System.out.printf("%s: %.1f B (200 B packets), %.1f B (1200 B packets) allocated per forwarded packet,"
                + " 4 crypto operations each%n", profile, small, large);
        // One stray allocation of a few hundred bytes over the 20,000 measured packets stays far below this.
        assertThat(small).as("bytes per forwarded packet, 200 B packets").isLessThan(1.0);
        assertThat(large).as("bytes per forwarded packet, 1200 B packets").isLessThan(1.0);
    }

    private static double bytesPerForwardedPacket(SrtpProfile profile, int payload) {
        byte[] keyA = new byte[16];
        byte[] keyB = new byte[16];
        Arrays.fill(keyA, (byte) 1);
        Arrays.fill(keyB, (byte) 2);
        byte[] salt = new byte[profile.saltLength()];
        SrtpSession browser = SrtpSession.of(profile, keyA, salt, keyB, salt);
        SrtpSession sfu = SrtpSession.of(profile, keyB, salt, keyA, salt);
        byte[] buf = new byte[1500];
        byte[] plain = SrtpSessionTest.rtp(0x1234, 0, payload);
        PacketBuffer view = new PacketBuffer();

        run(browser, sfu, buf, plain, view, 0, WARMUP);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        run(browser, sfu, buf, plain, view, WARMUP, MEASURED);
        long after = mx.getThreadAllocatedBytes(tid);
        browser.close();
        sfu.close();
        return (after - before) / (double) MEASURED;
    }

    private static void run(SrtpSession browser, SrtpSession sfu, byte[] buf, byte[] plain, PacketBuffer view,
            int firstSeq, int count) {
        for (int i = 0; i < count; i++) {
            int seq = (firstSeq + i) & 0xFFFF;
            System.arraycopy(plain, 0, buf, 0, plain.length);
            buf[2] = (byte) (seq >> 8);
            buf[3] = (byte) seq;
            view.wrap(buf, 0, plain.length);
            if (browser.protectRtp(view) != SrtpResult.OK // the browser sends
                    || sfu.unprotectRtp(view) != SrtpResult.OK // the SFU receives
                    || sfu.protectRtp(view) != SrtpResult.OK // and forwards
                    || browser.unprotectRtp(view) != SrtpResult.OK) { // the browser receives
                throw new AssertionError("packet " + i + " failed");
            }
        }
    }
}
