package io.prochat.rtc.sfu.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;

import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our SRTP against jitsi-srtp, the implementation JVB runs with every browser: for both profiles the bytes we send
 * are exactly the bytes jitsi-srtp sends for the same keys and packets, and each side reads the other's. The packets
 * vary in size, CSRCs, header extensions and padding, and their sequence numbers wrap, so the rollover counter is in
 * play.
 */
class SrtpJitsiSrtpInteropTest {
    private static final int PACKETS = 600;

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtpIsByteForByteWhatJitsiSrtpProducesAndReads(SrtpProfile profile) throws Exception {
        Random random = new Random(profile.ordinal() + 17);
        byte[] key = bytes(random, profile.keyLength());
        byte[] salt = bytes(random, profile.saltLength());
        SrtpSession ours = SrtpSession.of(profile, key, salt, key, salt);
        SrtpContextFactory jitsiSender = factory(profile, true, key, salt);
        SrtpContextFactory jitsiReceiver = factory(profile, false, key, salt);
        int ssrc = random.nextInt();
        SrtpCryptoContext theirOut = jitsiSender.deriveContext(ssrc, 0);
        SrtpCryptoContext theirIn = jitsiReceiver.deriveContext(ssrc, 0);
        PacketBuffer view = new PacketBuffer();

        int seq = 65_536 - PACKETS / 2; // wraps half-way
        for (int i = 0; i < PACKETS; i++, seq = (seq + 1) & 0xFFFF) {
            byte[] plain = randomRtp(random, ssrc, seq);
            byte[] mine = Arrays.copyOf(plain, plain.length + 64);
            assertThat(ours.protectRtp(view.wrap(mine, 0, plain.length))).isEqualTo(SrtpResult.OK);
            byte[] wire = Arrays.copyOf(mine, view.getLength());

            JitsiBuffer theirs = new JitsiBuffer(Arrays.copyOf(plain, plain.length + 64), plain.length);
            assertThat(theirOut.transformPacket(theirs)).isEqualTo(SrtpErrorStatus.OK);
            assertThat(theirs.bytes()).as("packet %d (seq %d)", i, seq).isEqualTo(wire);

            JitsiBuffer received = new JitsiBuffer(Arrays.copyOf(wire, wire.length + 64), wire.length);
            assertThat(theirIn.reverseTransformPacket(received, false)).isEqualTo(SrtpErrorStatus.OK);
            assertThat(received.bytes()).isEqualTo(plain);

            byte[] back = Arrays.copyOf(wire, wire.length + 64);
            assertThat(ours.unprotectRtp(view.wrap(back, 0, wire.length))).isEqualTo(SrtpResult.OK);
            assertThat(Arrays.copyOf(back, view.getLength())).isEqualTo(plain);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtcpIsByteForByteWhatJitsiSrtpProducesAndReads(SrtpProfile profile) throws Exception {
        Random random = new Random(profile.ordinal() + 31);
        byte[] key = bytes(random, profile.keyLength());
        byte[] salt = bytes(random, profile.saltLength());
        SrtpSession ours = SrtpSession.of(profile, key, salt, key, salt);
        int ssrc = random.nextInt();
        SrtcpCryptoContext theirOut = factory(profile, true, key, salt).deriveControlContext(ssrc);
        SrtcpCryptoContext theirIn = factory(profile, false, key, salt).deriveControlContext(ssrc);
        PacketBuffer view = new PacketBuffer();

        for (int i = 0; i < 100; i++) {
            byte[] plain = bytes(random, 8 + 4 * random.nextInt(60));
            plain[0] = (byte) 0x81;
            plain[1] = (byte) 201;
            plain[4] = (byte) (ssrc >>> 24);
            plain[5] = (byte) (ssrc >>> 16);
            plain[6] = (byte) (ssrc >>> 8);
            plain[7] = (byte) ssrc;
            byte[] mine = Arrays.copyOf(plain, plain.length + 64);
            assertThat(ours.protectRtcp(view.wrap(mine, 0, plain.length))).isEqualTo(SrtpResult.OK);
            byte[] wire = Arrays.copyOf(mine, view.getLength());

            JitsiBuffer theirs = new JitsiBuffer(Arrays.copyOf(plain, plain.length + 64), plain.length);
            assertThat(theirOut.transformPacket(theirs)).isEqualTo(SrtpErrorStatus.OK);
            assertThat(theirs.bytes()).as("packet %d", i).isEqualTo(wire);

            JitsiBuffer received = new JitsiBuffer(Arrays.copyOf(wire, wire.length + 64), wire.length);
            assertThat(theirIn.reverseTransformPacket(received)).isEqualTo(SrtpErrorStatus.OK);
            assertThat(received.bytes()).isEqualTo(plain);

            byte[] back = Arrays.copyOf(wire, wire.length + 64);
            assertThat(ours.unprotectRtcp(view.wrap(back, 0, wire.length))).isEqualTo(SrtpResult.OK);
            assertThat(Arrays.copyOf(back, view.getLength())).isEqualTo(plain);
        }
    }

    private static SrtpContextFactory factory(SrtpProfile profile, boolean sender, byte[] key, byte[] salt) {
        return JitsiBuffer.factory(profile, sender, key, salt);
    }

    /** RTP with 0–3 CSRCs, maybe a one-byte-header extension, maybe padding, and 0–1200 B of payload. */
    private static byte[] randomRtp(Random random, int ssrc, int seq) {
        int csrcs = random.nextInt(4);
        int extensionWords = random.nextBoolean() ? 1 + random.nextInt(4) : -1;
        int payload = random.nextInt(1201);
        int header = 12 + 4 * csrcs + (extensionWords < 0 ? 0 : 4 + 4 * extensionWords);
        byte[] b = bytes(random, header + payload);
        b[0] = (byte) (0x80 | (extensionWords < 0 ? 0 : 0x10) | csrcs);
        b[1] = (byte) (random.nextInt(128) | (random.nextBoolean() ? 0x80 : 0));
        b[2] = (byte) (seq >>> 8);
        b[3] = (byte) seq;
        b[8] = (byte) (ssrc >>> 24);
        b[9] = (byte) (ssrc >>> 16);
        b[10] = (byte) (ssrc >>> 8);
        b[11] = (byte) ssrc;
        if (extensionWords >= 0) {
            int at = 12 + 4 * csrcs;
            b[at] = (byte) 0xBE;
            b[at + 1] = (byte) 0xDE;
            b[at + 2] = 0;
            b[at + 3] = (byte) extensionWords;
        }
        return b;
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
