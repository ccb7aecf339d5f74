package io.prochat.rtc.sfu.srtp;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SRTP protect + unprotect of one packet (what forwarding costs in crypto) with our {@link SrtpSession}, next to
 * jitsi-srtp doing the same (with its OpenSSL binding, as JVB runs it) and to the bare JDK primitives: AES-128-CTR
 * over the payload plus HMAC-SHA1 over the packet, each way. Run with
 * {@link SrtpBenchmarkLauncher} (see its comment) and {@code -prof gc} to see bytes per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SrtpBenchmark {
    private static final int HEADER = 12;

    /** Our SrtpSession pair: the sender protects, the receiver unprotects, in one reused buffer. */
    @State(Scope.Thread)
    public static class Srtp {
        @Param({"200", "1200"})
        public int size;

        @Param({"AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
        public String profile;

        SrtpSession sender;
        SrtpSession receiver;
        byte[] plain;
        byte[] buf;
        PacketBuffer view;
        int seq;

        @Setup(Level.Trial)
        public void setUp() {
            SrtpProfile p = SrtpProfile.valueOf(profile);
            byte[] k1 = new byte[16];
            byte[] k2 = new byte[16];
            Arrays.fill(k1, (byte) 1);
            Arrays.fill(k2, (byte) 2);
            byte[] salt = new byte[p.saltLength()];
            sender = SrtpSession.of(p, k1, salt, k2, salt);
            receiver = SrtpSession.of(p, k2, salt, k1, salt);
            plain = SrtpSessionTest.rtp(0x1234, 0, size - HEADER);
            buf = new byte[size + 64];
            view = new PacketBuffer();
        }
    }

    /** The same pair of operations with jitsi-srtp's contexts. */
    @State(Scope.Thread)
    public static class Jitsi {
        @Param({"200", "1200"})
        public int size;

        @Param({"AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
        public String profile;

        SrtpCryptoContext sender;
        SrtpCryptoContext receiver;
        byte[] plain;
        byte[] buf;
        JitsiBuffer view;
        int seq;

        @Setup(Level.Trial)
        public void setUp() throws GeneralSecurityException {
            SrtpProfile p = SrtpProfile.valueOf(profile);
            byte[] k = new byte[16];
            Arrays.fill(k, (byte) 1);
            byte[] salt = new byte[p.saltLength()];
            sender = JitsiBuffer.factory(p, true, k, salt).deriveContext(0x1234, 0);
            receiver = JitsiBuffer.factory(p, false, k, salt).deriveContext(0x1234, 0);
            plain = SrtpSessionTest.rtp(0x1234, 0, size - HEADER);
            buf = new byte[size + 64];
            view = new JitsiBuffer(buf, 0);
        }
    }

    /** The same work done with bare javax.crypto: AES-CTR (per-packet IV) and HMAC-SHA1 (80-bit tag), both ways. */
    @State(Scope.Thread)
    public static class Bare {
        @Param({"200", "1200"})
        public int size;

        Cipher aes;
        Mac hmac;
        SecretKeySpec key;
        byte[] iv = new byte[16];
        byte[] buf;
        byte[] tag = new byte[20];
        int seq;

        @Setup(Level.Trial)
        public void setUp() throws GeneralSecurityException {
            aes = Cipher.getInstance("AES/CTR/NoPadding");
            hmac = Mac.getInstance("HmacSHA1");
            key = new SecretKeySpec(new byte[16], "AES");
            hmac.init(new SecretKeySpec(new byte[20], "HmacSHA1"));
            buf = new byte[size + 64];
            System.arraycopy(SrtpSessionTest.rtp(0x1234, 0, size - HEADER), 0, buf, 0, size);
        }
    }

    @Benchmark
    public int srtpProtectUnprotect(Srtp s) {
        int seq = s.seq++ & 0xFFFF;
        System.arraycopy(s.plain, 0, s.buf, 0, s.plain.length);
        s.buf[2] = (byte) (seq >> 8);
        s.buf[3] = (byte) seq;
        PacketBuffer v = s.view.wrap(s.buf, 0, s.plain.length);
        if (s.sender.protectRtp(v) != SrtpResult.OK || s.receiver.unprotectRtp(v) != SrtpResult.OK) {
            throw new IllegalStateException("SRTP failed");
        }
        return v.getLength();
    }

    @Benchmark
    public int jitsiSrtpProtectUnprotect(Jitsi j) throws GeneralSecurityException {
        int seq = j.seq++ & 0xFFFF;
        System.arraycopy(j.plain, 0, j.buf, 0, j.plain.length);
        j.buf[2] = (byte) (seq >> 8);
        j.buf[3] = (byte) seq;
        JitsiBuffer v = j.view.reset(j.buf, j.plain.length);
        if (j.sender.transformPacket(v) != SrtpErrorStatus.OK
                || j.receiver.reverseTransformPacket(v, false) != SrtpErrorStatus.OK) {
            throw new IllegalStateException("jitsi-srtp failed");
        }
        return v.getLength();
    }

    @Benchmark
    public int bareAesCtrHmacSha1(Bare b) throws GeneralSecurityException, ShortBufferException {
        int seq = b.seq++;
        b.iv[14] = (byte) (seq >> 8);
        b.iv[15] = (byte) seq;
        int payload = b.size - HEADER;
        // protect: encrypt the payload in place, then authenticate header + payload
        b.aes.init(Cipher.ENCRYPT_MODE, b.key, new IvParameterSpec(b.iv));
        b.aes.doFinal(b.buf, HEADER, payload, b.buf, HEADER);
        b.hmac.update(b.buf, 0, b.size);
        b.hmac.doFinal(b.tag, 0);
        // unprotect: authenticate, then decrypt in place
        b.hmac.update(b.buf, 0, b.size);
        b.hmac.doFinal(b.tag, 0);
        b.aes.init(Cipher.DECRYPT_MODE, b.key, new IvParameterSpec(b.iv));
        return b.aes.doFinal(b.buf, HEADER, payload, b.buf, HEADER);
    }
}
