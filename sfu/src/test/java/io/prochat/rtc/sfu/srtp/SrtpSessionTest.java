package io.prochat.rtc.sfu.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SRTP/SRTCP sessions: per-SSRC contexts, both profiles, tamper and replay refusal, the rollover counter across a
 * sequence wrap with reordering and retransmission, unencrypted SRTCP, in place with no growth. Byte-exactness
 * against another implementation is {@link SrtpJitsiSrtpInteropTest}.
 */
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

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void packetsReorderedAcrossASequenceWrapDecryptAndAResentOneIsAReplay(SrtpProfile profile) {
        SrtpSession[] s = pair(profile);
        int[] sent = {65_533, 65_534, 65_535, 0, 1};
        byte[][] wire = new byte[sent.length][];
        for (int i = 0; i < sent.length; i++) {
            wire[i] = protect(s[0], rtp(0x4242, sent[i], 100));
        }
        // the wrap's neighbours arrive out of order: 65533, 0, 65534, 1, 65535
        for (int i : new int[] {0, 3, 1, 4, 2}) {
            assertThat(unprotect(s[1], wire[i])).as("seq %d", sent[i]).isEqualTo(SrtpResult.OK);
        }
        // the SFU resends 65535 after 0 went out: same rollover counter as the first time, so the receiver sees
        // a replay of a packet it has (a wrong counter would fail authentication instead)
        byte[] resent = protect(s[0], rtp(0x4242, 65_535, 100));
        assertThat(resent).isEqualTo(wire[2]);
        assertThat(unprotect(s[1], resent)).isEqualTo(SrtpResult.REPLAY);
        assertThat(unprotect(s[1], protect(s[0], rtp(0x4242, 2, 100)))).isEqualTo(SrtpResult.OK);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void tamperedOrTruncatedRtcpIsRefused(SrtpProfile profile) {
        SrtpSession[] s = pair(profile);
        byte[] sr = new byte[28];
        sr[0] = (byte) 0x80;
        sr[1] = (byte) 200;
        sr[3] = 6;
        byte[] wire = protectRtcp(s[0], sr);
        for (int at : new int[] {0, 9, wire.length - 1, wire.length - 5}) {
            byte[] bad = wire.clone();
            bad[at] ^= 0x01;
            assertThat(unprotectRtcp(s[1], bad)).as("bit flipped at %d", at).isIn(SrtpResult.AUTH_FAIL, SrtpResult.REPLAY);
        }
        assertThat(unprotectRtcp(s[1], Arrays.copyOf(wire, 10))).isEqualTo(SrtpResult.INVALID);
        assertThat(unprotectRtcp(s[1], wire)).isEqualTo(SrtpResult.OK);
    }

    /** RFC 3711 §3.4 and RFC 7714 §9.2: E = 0 means the RTCP is authenticated but sent in the clear. */
    @Test
    void unencryptedSrtcpIsAuthenticatedAndPassedThroughWithHmac() {
        SrtpProfile profile = SrtpProfile.AES_CM_128_HMAC_SHA1_80;
        byte[] salt = filled(14, 3);
        SrtpSession receiver = SrtpSession.of(profile, KEY_B, salt, KEY_A, salt);
        byte[] rr = {(byte) 0x80, (byte) 201, 0, 1, 1, 2, 3, 4};
        byte[] wire = Arrays.copyOf(rr, rr.length + 14);
        wire[rr.length + 3] = 7; // E = 0, index 7
        HmacSha1 hmac = new HmacSha1(SessionKeys.derive(profile, KEY_A, salt, true).authKey());
        byte[] mac = new byte[20];
        hmac.start();
        hmac.update(wire, 0, rr.length + 4);
        hmac.finish(mac, 0);
        System.arraycopy(mac, 0, wire, rr.length + 4, 10);
        assertThat(unprotectRtcp(receiver, wire)).isEqualTo(SrtpResult.OK);
    }

    @Test
    void unencryptedSrtcpIsAuthenticatedAndPassedThroughWithGcm() throws Exception {
        SrtpProfile profile = SrtpProfile.AEAD_AES_128_GCM;
        byte[] salt = filled(12, 3);
        SrtpSession receiver = SrtpSession.of(profile, KEY_B, salt, KEY_A, salt);
        byte[] rr = {(byte) 0x80, (byte) 201, 0, 1, 1, 2, 3, 4};
        byte[] index = {0, 0, 0, 9}; // E = 0
        SessionKeys keys = SessionKeys.derive(profile, KEY_A, salt, true);
        byte[] iv = keys.salt().clone(); // 00 00 SSRC 00 00 index, XOR salt
        for (int i = 0; i < 4; i++) {
            iv[2 + i] ^= rr[4 + i];
            iv[8 + i] ^= index[i];
        }
        // the JDK's own AES-GCM as the reference: no plaintext, packet and index as additional data
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.cipherKey(), "AES"), new GCMParameterSpec(128, iv));
        gcm.updateAAD(rr);
        gcm.updateAAD(index);
        byte[] tag = gcm.doFinal();
        byte[] wire = new byte[rr.length + 16 + 4];
        System.arraycopy(rr, 0, wire, 0, rr.length);
        System.arraycopy(tag, 0, wire, rr.length, 16);
        System.arraycopy(index, 0, wire, rr.length + 16, 4);
        assertThat(unprotectRtcp(receiver, wire)).isEqualTo(SrtpResult.OK);
        wire[2] ^= 1;
        assertThat(unprotectRtcp(receiver, wire)).isEqualTo(SrtpResult.REPLAY);
    }

    @Test
    void gcmRtpMatchesTheJdksAesGcm() throws Exception {
        SrtpProfile profile = SrtpProfile.AEAD_AES_128_GCM;
        byte[] salt = filled(12, 5);
        SrtpSession sender = SrtpSession.of(profile, KEY_A, salt, KEY_B, salt);
        byte[] plain = rtp(0x01020304, 0x0506, 333);
        byte[] wire = protect(sender, plain);

        SessionKeys keys = SessionKeys.derive(profile, KEY_A, salt, false);
        byte[] iv = keys.salt().clone(); // 00 00 SSRC ROC SEQ, XOR salt
        iv[2] ^= 1;
        iv[3] ^= 2;
        iv[4] ^= 3;
        iv[5] ^= 4;
        iv[10] ^= 5;
        iv[11] ^= 6;
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.cipherKey(), "AES"), new GCMParameterSpec(128, iv));
        gcm.updateAAD(plain, 0, 12);
        byte[] sealed = gcm.doFinal(plain, 12, plain.length - 12);
        assertThat(Arrays.copyOfRange(wire, 12, wire.length)).isEqualTo(sealed);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void randomBytesNeverThrowAndNeverPassAsSrtpOrSrtcp(SrtpProfile profile) {
        SrtpSession[] s = pair(profile);
        java.util.Random random = new java.util.Random(7);
        PacketBuffer view = new PacketBuffer();
        for (int i = 0; i < 20_000; i++) {
            byte[] junk = new byte[random.nextInt(300)];
            random.nextBytes(junk);
            if (junk.length > 0 && random.nextBoolean()) {
                junk[0] = (byte) (0x80 | (junk[0] & 0x3F)); // version 2, so the header parser gets further
            }
            byte[] buf = Arrays.copyOf(junk, junk.length + 40);
            assertThat(s[1].unprotectRtp(view.wrap(buf, 0, junk.length))).isNotEqualTo(SrtpResult.OK);
            assertThat(s[1].unprotectRtcp(view.wrap(buf, 0, junk.length))).isNotEqualTo(SrtpResult.OK);
            assertThat(s[0].protectRtp(view.wrap(buf, 0, junk.length)))
                    .isIn(SrtpResult.OK, SrtpResult.INVALID, SrtpResult.TOO_MANY_SSRCS);
        }
        assertThat(s[1].inboundRtpSsrcCount()).isZero();
    }

    /** A receiver in a full 100-person room gets about six SSRCs from each of 99 others. */
    @Test
    void outboundStreamsOfAFullRoomFitAndAFullTableRefusesRatherThanForgetsALiveStream() {
        SrtpProfile profile = SrtpProfile.AES_CM_128_HMAC_SHA1_80;
        SrtpSession[] s = pair(profile);
        for (int ssrc = 1; ssrc <= 6 * 99; ssrc++) {
            byte[] wire = protect(s[0], rtp(ssrc, 1, 20)); // asserts OK
            if (ssrc <= 100) { // our inbound side takes 256 RTP SSRCs, more than a browser ever sends us
                assertThat(unprotect(s[1], wire)).as("ssrc %d", ssrc).isEqualTo(SrtpResult.OK);
            }
        }
        assertThat(s[0].outboundRtpSsrcCount()).isEqualTo(594);
        for (int ssrc = 595; ssrc <= SrtpSession.MAX_OUTBOUND_SSRCS; ssrc++) {
            protect(s[0], rtp(ssrc, 1, 20));
        }
        byte[] one = Arrays.copyOf(rtp(5000, 1, 20), 100);
        assertThat(s[0].protectRtp(new PacketBuffer().wrap(one, 0, 32))).isEqualTo(SrtpResult.TOO_MANY_SSRCS);
        // a stream whose publisher left is forgotten, and makes room
        s[0].forgetOutbound(594);
        assertThat(s[0].outboundRtpSsrcCount()).isEqualTo(SrtpSession.MAX_OUTBOUND_SSRCS - 1);
        protect(s[0], rtp(5000, 1, 20));
        // stream 1 kept its state throughout and still decrypts
        assertThat(unprotect(s[1], protect(s[0], rtp(1, 2, 20)))).isEqualTo(SrtpResult.OK);
    }

    /** A resend from the cache is fine; a sequence number far behind is a jump, and sending it would reuse an index. */
    @Test
    void aPacketFarBehindWhatWasSentIsRefusedNotEncryptedUnderAnOldIndex() {
        SrtpSession[] s = pair(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        for (int seq = 10_000; seq <= 13_000; seq++) {
            protect(s[0], rtp(0x77, seq, 20));
        }
        protect(s[0], rtp(0x77, 13_000 - 500, 20)); // a retransmission from the cache
        byte[] far = Arrays.copyOf(rtp(0x77, 13_000 - 2_100, 20), 100);
        assertThat(s[0].protectRtp(new PacketBuffer().wrap(far, 0, 32))).isEqualTo(SrtpResult.INVALID);
    }

    @Test
    void aClosedSessionSendsNothingNew() {
        SrtpSession[] s = pair(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        s[0].close();
        byte[] p = Arrays.copyOf(rtp(0x99, 1, 20), 100);
        assertThat(s[0].protectRtp(new PacketBuffer().wrap(p, 0, 32))).isEqualTo(SrtpResult.FAIL);
    }

    private static byte[] protect(SrtpSession s, byte[] plain) {
        byte[] buf = Arrays.copyOf(plain, plain.length + 64);
        PacketBuffer view = new PacketBuffer().wrap(buf, 0, plain.length);
        assertThat(s.protectRtp(view)).isEqualTo(SrtpResult.OK);
        return Arrays.copyOf(buf, view.getLength());
    }

    private static SrtpResult unprotect(SrtpSession s, byte[] wire) {
        return s.unprotectRtp(new PacketBuffer().wrap(wire.clone(), 0, wire.length));
    }

    private static byte[] protectRtcp(SrtpSession s, byte[] plain) {
        byte[] buf = Arrays.copyOf(plain, plain.length + 64);
        PacketBuffer view = new PacketBuffer().wrap(buf, 0, plain.length);
        assertThat(s.protectRtcp(view)).isEqualTo(SrtpResult.OK);
        return Arrays.copyOf(buf, view.getLength());
    }

    private static SrtpResult unprotectRtcp(SrtpSession s, byte[] wire) {
        return s.unprotectRtcp(new PacketBuffer().wrap(wire.clone(), 0, wire.length));
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
