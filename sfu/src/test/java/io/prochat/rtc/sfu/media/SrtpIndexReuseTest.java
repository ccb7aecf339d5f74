package io.prochat.rtc.sfu.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import io.prochat.rtc.sfu.PacketSender;
import io.prochat.rtc.sfu.srtp.PacketBuffer;
import io.prochat.rtc.sfu.srtp.SrtpProfile;
import io.prochat.rtc.sfu.srtp.SrtpResult;
import io.prochat.rtc.sfu.srtp.SrtpSession;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 4: camera off and on (detach, attach) many times while the receiver NACKs, with the receiver's real
 * outbound SRTP session kept throughout, as its transport keeps it. No (SSRC, index) pair may ever encrypt two
 * different packets. The check needs no model of the index: under AES-CM the keystream at a packet's payload is
 * ciphertext XOR plaintext, and it is a function of (SSRC, index) alone, so two packets showing the same keystream
 * with different plaintexts were encrypted under the same index.
 */
class SrtpIndexReuseTest {
    private static final long SSRC = 0xCA3E7AL;
    private static final long RTX_SSRC = 0xCA3E7BL;
    private static final int PAYLOAD = 32;

    @Test
    void togglingTheCameraUnderNacksNeverReusesAnIndex() {
        byte[] salt = new byte[SrtpProfile.AES_CM_128_HMAC_SHA1_80.saltLength()];
        byte[] key = new byte[SrtpProfile.AES_CM_128_HMAC_SHA1_80.keyLength()];
        Arrays.fill(key, (byte) 7);
        KeystreamLedger bob = new KeystreamLedger(SrtpSession.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80, key, salt,
                key, salt));
        StreamSource camera = new StreamSource("camera", SSRC, true, new RecordingSender(), 0,
                new PacketCache(512, 1500));
        camera.rtxSsrc(RTX_SSRC);
        camera.attach(bob, 97);
        int seq = 1000;
        java.util.Random random = new java.util.Random(11);
        for (int cycle = 0; cycle < 600; cycle++) {
            for (int i = 0; i < 20; i++, seq++) {
                camera.forward(packet(seq), 0, 12 + PAYLOAD, System.nanoTime());
            }
            int resends = 100 + random.nextInt(250);
            for (int i = resends; i > 0; i--) {
                camera.retransmit((seq - i) & 0xFFFF, bob); // a NACK for what it missed: sent as RTX
            }
            if (cycle % 2 == 0) {
                camera.detachAll(); // camera off
            } else {
                camera.detach(bob);
            }
            camera.attach(bob, 97); // camera on: the same stream, the same receiver, its SRTP state kept
        }
        assertThat(bob.rtxEncrypted).as("RTX packets encrypted").isGreaterThan(50_000);
        assertThat(bob.reused).as("packets encrypted under an index already used for another packet").isEmpty();
    }

    private static byte[] packet(int seq) {
        byte[] b = Packets.rtp(seq, seq * 3000L, SSRC);
        for (int i = 0; i < PAYLOAD; i++) {
            b[12 + i] = (byte) (seq * 31 + i);
        }
        return b;
    }

    /** Encrypts what it is sent and remembers the keystream each (SSRC, index) produced, with its plaintext. */
    private static final class KeystreamLedger implements PacketSender {
        private final SrtpSession srtp;
        private final PacketBuffer view = new PacketBuffer();
        private final Map<String, byte[]> plaintextByKeystream = new HashMap<>();
        final java.util.List<String> reused = new java.util.ArrayList<>();
        int rtxEncrypted;

        KeystreamLedger(SrtpSession srtp) {
            this.srtp = srtp;
        }

        @Override
        public boolean sendRtp(byte[] buf, int off, int len) {
            byte[] plain = Arrays.copyOfRange(buf, off, off + len);
            byte[] b = Arrays.copyOf(plain, len + 32);
            if (srtp.protectRtp(view.wrap(b, 0, len)) != SrtpResult.OK) {
                return false; // refused by SRTP: nothing was encrypted
            }
            long ssrc = Packets.u32(plain, 8);
            byte[] keystream = new byte[16];
            for (int i = 0; i < 16; i++) {
                keystream[i] = (byte) (b[12 + i] ^ plain[12 + i]);
            }
            String k = Long.toHexString(ssrc) + ":" + HexFormat.of().formatHex(keystream);
            byte[] payload = Arrays.copyOfRange(plain, 12, len);
            byte[] before = plaintextByKeystream.putIfAbsent(k, payload);
            if (before != null && !Arrays.equals(before, payload)) {
                reused.add("SSRC " + Long.toHexString(ssrc) + " seq " + Packets.seq(plain));
            }
            if (ssrc == RTX_SSRC) {
                rtxEncrypted++;
            }
            return true;
        }

        @Override
        public boolean sendRtcp(byte[] buf, int off, int len) {
            return true;
        }
    }
}
