package io.prochat.rtc.sfu.room;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicLong;

import io.prochat.rtc.sfu.transport.PacketKind;

/**
 * A UDP relay on loopback between a browser and the SFU that loses every {@code n}-th RTP packet of one SSRC on its
 * way to the browser, and nothing else (STUN, DTLS, RTCP and other SSRCs pass). Each side is told the relay's socket
 * that faces it as the other's candidate: {@link #browserFacingPort()} replaces the SFU's port in what the browser
 * gets, {@link #sfuFacingPort()} the browser's port in what the SFU gets; both see the relay as their peer.
 */
final class LossyRelay implements AutoCloseable {
    private final DatagramSocket towardBrowser;
    private final DatagramSocket towardSfu;
    private final SocketAddress sfu;
    private final long lossySsrc;
    private final int every;
    private volatile SocketAddress browser;
    private final AtomicLong seen = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    private final Thread up;
    private final Thread down;

    LossyRelay(int sfuPort, long lossySsrc, int every) throws IOException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        this.towardBrowser = new DatagramSocket(new InetSocketAddress(lo, 0));
        this.towardSfu = new DatagramSocket(new InetSocketAddress(lo, 0));
        this.sfu = new InetSocketAddress(lo, sfuPort);
        this.lossySsrc = lossySsrc;
        this.every = every;
        up = start("relay-up", this::up);
        down = start("relay-down", this::down);
    }

    int browserFacingPort() {
        return towardBrowser.getLocalPort();
    }

    int sfuFacingPort() {
        return towardSfu.getLocalPort();
    }

    private static Thread start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void up() {
        byte[] b = new byte[2048];
        DatagramPacket p = new DatagramPacket(b, b.length);
        while (true) {
            try {
                p.setLength(b.length);
                towardBrowser.receive(p);
                browser = p.getSocketAddress();
                towardSfu.send(new DatagramPacket(b, p.getLength(), sfu));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void down() {
        byte[] b = new byte[2048];
        DatagramPacket p = new DatagramPacket(b, b.length);
        while (true) {
            try {
                p.setLength(b.length);
                towardSfu.receive(p);
                SocketAddress to = browser;
                if (to == null || lose(b, p.getLength())) {
                    continue;
                }
                towardBrowser.send(new DatagramPacket(b, p.getLength(), to));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** The SSRC is in the clear in SRTP. */
    private boolean lose(byte[] b, int len) {
        if (PacketKind.classify(b, 0, len) != PacketKind.RTP) {
            return false;
        }
        long ssrc = ((b[8] & 0xFFL) << 24) | ((b[9] & 0xFF) << 16) | ((b[10] & 0xFF) << 8) | (b[11] & 0xFF);
        if (ssrc != lossySsrc || seen.incrementAndGet() % every != 0) {
            return false;
        }
        dropped.incrementAndGet();
        return true;
    }

    @Override
    public void close() throws InterruptedException {
        towardBrowser.close();
        towardSfu.close();
        up.join(1000);
        down.join(1000);
    }
}
