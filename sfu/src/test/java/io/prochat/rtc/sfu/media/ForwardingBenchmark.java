package io.prochat.rtc.sfu.media;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.prochat.rtc.sfu.srtp.PacketBuffer;
import io.prochat.rtc.sfu.srtp.SrtpProfile;
import io.prochat.rtc.sfu.srtp.SrtpResult;
import io.prochat.rtc.sfu.srtp.SrtpSession;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The forwarding path for one packet: the publisher's browser protects it ({@link #publisherProtectOnly} measures
 * that alone, to subtract), the SFU decrypts it once, and the {@link Forwarder} hands a copy to each of
 * {@code receivers} senders, which encrypt it with their own SRTP session and send it over UDP on loopback
 * ({@code path=srtp+udp}), only encrypt ({@code srtp}), or only take the copy ({@code copy}: our code alone).
 * Both SRTP profiles; AES_CM_128_HMAC_SHA1_80 is the one the SFU prefers. Run with {@link ForwardingBenchmarkLauncher}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ForwardingBenchmark {
    private static final long SSRC = 0x1234;

    /** The browser that publishes, and the SFU's inbound SRTP for it. */
    @State(Scope.Thread)
    public static class Publisher {
        @Param({"200", "1200"})
        public int size;

        @Param({"AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
        public String profile;

        SrtpSession browser;
        SrtpSession sfuIn;
        byte[] plain;
        byte[] buf;
        PacketBuffer view = new PacketBuffer();
        int seq;

        @Setup(Level.Trial)
        public void setUp() {
            SrtpProfile p = SrtpProfile.valueOf(profile);
            byte[] salt = new byte[p.saltLength()];
            browser = SrtpSession.of(p, key(1), salt, key(2), salt);
            sfuIn = SrtpSession.of(p, key(2), salt, key(1), salt);
            plain = new byte[size];
            plain[0] = (byte) 0x80;
            plain[1] = 96;
            plain[10] = 0x12;
            plain[11] = 0x34;
            buf = new byte[size + 64];
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            browser.close();
            sfuIn.close();
        }

        /** What arrives from the browser: the next packet, encrypted. */
        PacketBuffer arrive() {
            int s = seq++ & 0xFFFF;
            System.arraycopy(plain, 0, buf, 0, size);
            buf[2] = (byte) (s >> 8);
            buf[3] = (byte) s;
            buf[7] = (byte) seq; // the timestamp moves too
            PacketBuffer v = view.wrap(buf, 0, size);
            if (browser.protectRtp(v) != SrtpResult.OK) {
                throw new IllegalStateException("protect failed");
            }
            return v;
        }
    }

    /** One published stream and its receivers. */
    @State(Scope.Thread)
    public static class Room {
        @Param({"1", "10", "50"})
        public int receivers;

        @Param({"srtp+udp", "srtp", "copy"})
        public String path;

        /** The same parameter as {@link Publisher#profile}: JMH gives both states one value. */
        @Param({"AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
        public String profile;

        Forwarder forwarder;
        DatagramChannel sink;
        List<DatagramChannel> channels = new ArrayList<>();

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            SrtpProfile p = SrtpProfile.valueOf(profile);
            byte[] salt = new byte[p.saltLength()];
            StreamTable table = new StreamTable();
            forwarder = new Forwarder(table);
            StreamSource video = new StreamSource("video", SSRC, true, new BenchSender(null, null), 0,
                    new PacketCache(512, 1500));
            forwarder.own().add(video);
            table.add(video);
            InetAddress lo = InetAddress.getLoopbackAddress();
            if (path.equals("srtp+udp")) {
                sink = DatagramChannel.open().bind(new InetSocketAddress(lo, 0)); // never read: the kernel drops
            }
            for (int i = 0; i < receivers; i++) {
                SrtpSession out = path.equals("copy") ? null : SrtpSession.of(p, key(10 + i), salt, key(99), salt);
                DatagramChannel ch = null;
                if (sink != null) {
                    ch = DatagramChannel.open().setOption(StandardSocketOptions.SO_SNDBUF, 1 << 20)
                            .bind(new InetSocketAddress(lo, 0)).connect(sink.getLocalAddress());
                    channels.add(ch);
                }
                video.attach(new BenchSender(out, ch));
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            for (DatagramChannel c : channels) {
                c.close();
            }
            if (sink != null) {
                sink.close();
            }
        }
    }

    private static byte[] key(int v) {
        byte[] k = new byte[16];
        Arrays.fill(k, (byte) v);
        return k;
    }

    @Benchmark
    public int forward(Publisher p, Room r) {
        PacketBuffer v = p.arrive();
        if (p.sfuIn.unprotectRtp(v) != SrtpResult.OK) { // decrypt once, in place
            throw new IllegalStateException("unprotect failed");
        }
        r.forwarder.receiveRtp(v.getBuffer(), v.getOffset(), v.getLength());
        return v.getLength();
    }

    /** The browser's share of {@link #forward}, to subtract from it. */
    @Benchmark
    public int publisherProtectOnly(Publisher p) {
        return p.arrive().getLength();
    }
}
