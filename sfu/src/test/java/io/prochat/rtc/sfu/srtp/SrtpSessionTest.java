package io.prochat.rtc.sfu.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SRTP/SRTCP with jitsi-srtp: per-SSRC contexts, both profiles, tamper and replay refusal, in place with no growth. */
public class SrtpSessionTest {
    private static final byte[] KEY_A = filled(16, 1);
    private static final byte[] KEY_B = filled(16, 2);

    private static SrtpSession[] pair(SrtpProfile profile) {
        byte[] saltA = filled(profile.saltLength(), 3);
        byte[] saltB = filled(profile.saltLength(), 4);
        return new SrtpSession[] {
            SrtpSession.of(profile, KEY_A, saltA, KEY_B, saltB),
            SrtpSession.of(profile, KEY_B, saltB, KEY_A, saltA),
        };
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtpRoundTripsPerSsrcAndRefusesTamperingAndReplay(SrtpProfile profile) {
        SrtpSession[] s = pair(profile);
        PacketBuffer view = new PacketBuffer();
        byte[] buf = new byte[1500];
        for (int ssrc : new int[] {0x1111, 0x2222}) {
            for (int seq = 1; seq <= 5; seq++) {
                byte[] plain = rtp(ssrc, seq, 160);
                System.arraycopy(plain, 0, buf, 0, plain.length);
                view.wrap(buf, 0, plain.length);
                assertThat(s[0].protectRtp(view)).isEqualTo(SrtpResult.OK);
                assertThat(view.getLength()).isEqualTo(plain.length + profile.rtpOverhead());
                assertThat(Arrays.copyOfRange(buf, 12, plain.length)).isNotEqualTo(Arrays.copyOfRange(plain, 12, plain.length));
                byte[] wire = Arrays.copyOf(buf, view.getLength());

                assertThat(s[1].unprotectRtp(view)).isEqualTo(SrtpResult.OK);
                assertThat(Arrays.copyOf(buf, view.getLength())).isEqualTo(plain);

                // the same packet again is a replay
                System.arraycopy(wire, 0, buf, 0, wire.length);
                assertThat(s[1].unprotectRtp(view.wrap(buf, 0, wire.length))).isEqualTo(SrtpResult.REPLAY);
            }
        }
        assertThat(s[1].inboundRtpSsrcCount()).isEqualTo(2);

        byte[] plain = rtp(0x1111, 6, 160);
        System.arraycopy(plain, 0, buf, 0, plain.length);
        view.wrap(buf, 0, plain.length);
        assertThat(s[0].protectRtp(view)).isEqualTo(SrtpResult.OK);
        buf[40] ^= 1;
        assertThat(s[1].unprotectRtp(view)).isEqualTo(SrtpResult.AUTH_FAIL);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void junkFromAnUnknownSsrcLeavesNoContextBehind(SrtpProfile profile) {
        SrtpSession[] s = pair(profile);
        byte[] junk = rtp(0x5555, 1, 100);
        byte[] buf = Arrays.copyOf(junk, 1500);
        assertThat(s[1].unprotectRtp(new PacketBuffer().wrap(buf, 0, junk.length))).isEqualTo(SrtpResult.AUTH_FAIL);
        assertThat(s[1].inboundRtpSsrcCount()).isZero();
        assertThat(s[1].unprotectRtp(new PacketBuffer().wrap(buf, 0, 5))).isEqualTo(SrtpResult.INVALID);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtcpRoundTrips(SrtpProfile profile) {
        SrtpSession[] s = pair(profile);
        byte[] rr = {(byte) 0x80, (byte) 201, 0, 1, 0x12, 0x34, 0x56, 0x78};
        byte[] buf = Arrays.copyOf(rr, 100);
        PacketBuffer view = new PacketBuffer().wrap(buf, 0, rr.length);
        assertThat(s[0].protectRtcp(view)).isEqualTo(SrtpResult.OK);
        assertThat(view.getLength()).isEqualTo(rr.length + profile.rtcpOverhead());
        byte[] wire = Arrays.copyOf(buf, view.getLength());
        assertThat(s[1].unprotectRtcp(view)).isEqualTo(SrtpResult.OK);
        assertThat(Arrays.copyOf(buf, view.getLength())).isEqualTo(rr);
        System.arraycopy(wire, 0, buf, 0, wire.length);
        assertThat(s[1].unprotectRtcp(view.wrap(buf, 0, wire.length))).isEqualTo(SrtpResult.REPLAY);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void protectWithoutTailRoomIsRefusedNotReallocated(SrtpProfile profile) {
        SrtpSession[] s = pair(profile);
        byte[] exact = rtp(0x1111, 1, 50);
        PacketBuffer view = new PacketBuffer().wrap(exact, 0, exact.length);
        assertThat(s[0].protectRtp(view)).isEqualTo(SrtpResult.INVALID);
        assertThat(view.getBuffer()).isSameAs(exact);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void keyingMaterialSplitsClientAndServerHalves(SrtpProfile profile) {
        byte[] material = new byte[profile.keyingMaterialLength()];
        for (int i = 0; i < material.length; i++) {
            material[i] = (byte) i;
        }
        SrtpSession client = SrtpSession.fromKeyingMaterial(profile, true, material);
        SrtpSession server = SrtpSession.fromKeyingMaterial(profile, false, material);
        byte[] plain = rtp(7, 1, 20);
        byte[] buf = Arrays.copyOf(plain, 200);
        PacketBuffer view = new PacketBuffer().wrap(buf, 0, plain.length);
        assertThat(client.protectRtp(view)).isEqualTo(SrtpResult.OK);
        assertThat(server.unprotectRtp(view)).isEqualTo(SrtpResult.OK);
        assertThat(Arrays.copyOf(buf, view.getLength())).isEqualTo(plain);
    }

    /** A plain RTP packet (Opus payload type) with a recognisable payload, for crypto round trips. */
    public static byte[] rtp(int ssrc, int seq, int payloadLength) {
        byte[] b = new byte[12 + payloadLength];
        b[0] = (byte) 0x80;
        b[1] = 111;
        b[2] = (byte) (seq >> 8);
        b[3] = (byte) seq;
        b[8] = (byte) (ssrc >> 24);
        b[9] = (byte) (ssrc >> 16);
        b[10] = (byte) (ssrc >> 8);
        b[11] = (byte) ssrc;
        for (int i = 12; i < b.length; i++) {
            b[i] = (byte) (i * 7);
        }
        return b;
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }
}
