package io.prochat.rtc.sfu.room;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import io.prochat.rtc.sfu.transport.PacketKind;

/**
 * A UDP relay on loopback between a browser and the SFU that loses the datagrams its {@link Loss} picks and passes
 * everything else. Each side is told the relay's socket that faces it as the other's candidate:
 * {@link #browserFacingPort()} replaces the SFU's port in what the browser gets, {@link #sfuFacingPort()} the
 * browser's port in what the SFU gets; both see the relay as their peer.
 */
public final class LossyRelay implements AutoCloseable {
    /** Which datagrams are lost; called on the relay's two threads. */
    @FunctionalInterface
    public interface Loss {
        boolean lose(byte[] b, int len, boolean towardBrowser);
    }

    /** Every {@code n}-th RTP packet of one SSRC on its way to the browser (the SSRC is in the clear in SRTP). */
    public static Loss everyNthRtpOf(long ssrc, int n) {
        AtomicLong seen = new AtomicLong();
        return (b, len, towardBrowser) -> towardBrowser && PacketKind.classify(b, 0, len) == PacketKind.RTP
                && (((b[8] & 0xFFL) << 24) | ((b[9] & 0xFF) << 16) | ((b[10] & 0xFF) << 8) | (b[11] & 0xFF)) == ssrc
                && seen.incrementAndGet() % n == 0;
    }

    /**
     * A share of the DTLS application data datagrams (the data channel's SCTP packets, RFC 8261) both ways, chosen
     * with a fixed seed; the DTLS handshake and STUN pass.
     */
    public static Loss shareOfDtlsApplicationData(double rate) {
        Random random = new Random(20261204);
        return (b, len, towardBrowser) -> {
            synchronized (random) {
                return len > 0 && (b[0] & 0xFF) == 23 && random.nextDouble() < rate;
            }
        };
    }

    private final DatagramSocket towardBrowser;
    private final DatagramSocket towardSfu;
    private final SocketAddress sfu;
    private final Loss loss;
    private volatile SocketAddress browser;
    public final AtomicLong relayed = new AtomicLong();
    public final AtomicLong dropped = new AtomicLong();
    private final Thread up;
    private final Thread down;

    public LossyRelay(int sfuPort, Loss loss) throws IOException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        this.towardBrowser = new DatagramSocket(new InetSocketAddress(lo, 0));
        this.towardSfu = new DatagramSocket(new InetSocketAddress(lo, 0));
        this.sfu = new InetSocketAddress(lo, sfuPort);
        this.loss = loss;
        up = start("relay-up", () -> pump(towardBrowser, false));
        down = start("relay-down", () -> pump(towardSfu, true));
    }

    public int browserFacingPort() {
        return towardBrowser.getLocalPort();
    }

    public int sfuFacingPort() {
        return towardSfu.getLocalPort();
    }

    private static Thread start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void pump(DatagramSocket from, boolean towardTheBrowser) {
        byte[] b = new byte[2048];
        DatagramPacket p = new DatagramPacket(b, b.length);
        while (true) {
            try {
                p.setLength(b.length);
                from.receive(p);
                if (!towardTheBrowser) {
                    browser = p.getSocketAddress();
                }
                SocketAddress to = towardTheBrowser ? browser : sfu;
                if (to == null) {
                    continue;
                }
                if (loss.lose(b, p.getLength(), towardTheBrowser)) {
                    dropped.incrementAndGet();
                    continue;
                }
                relayed.incrementAndGet();
                (towardTheBrowser ? towardBrowser : towardSfu).send(new DatagramPacket(b, p.getLength(), to));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        towardBrowser.close();
        towardSfu.close();
        up.join(1000);
        down.join(1000);
    }
}
