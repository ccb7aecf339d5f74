package io.prochat.rtc.sfu.echo;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP relay on loopback between a browser and the SFU that loses a share of the DTLS application data datagrams
 * (the data channel's SCTP packets, RFC 8261) in both directions, chosen with a fixed seed; everything else (STUN, the
 * DTLS handshake) passes. The browser is given {@link #browserFacingPort()} as the SFU's candidate, the SFU
 * {@link #sfuFacingPort()} as the browser's.
 */
final class DatagramDropRelay implements AutoCloseable {
    private static final int DTLS_APPLICATION_DATA = 23;

    private final DatagramSocket towardBrowser;
    private final DatagramSocket towardSfu;
    private final SocketAddress sfu;
    private final double lossRate;
    private final Random random = new Random(20261204);
    private volatile SocketAddress browser;
    final AtomicLong relayed = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    private final Thread up;
    private final Thread down;

    DatagramDropRelay(int sfuPort, double lossRate) throws IOException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        this.towardBrowser = new DatagramSocket(new InetSocketAddress(lo, 0));
        this.towardSfu = new DatagramSocket(new InetSocketAddress(lo, 0));
        this.sfu = new InetSocketAddress(lo, sfuPort);
        this.lossRate = lossRate;
        up = start("relay-up", () -> pump(towardBrowser, true));
        down = start("relay-down", () -> pump(towardSfu, false));
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

    private void pump(DatagramSocket from, boolean fromBrowser) {
        byte[] b = new byte[2048];
        DatagramPacket p = new DatagramPacket(b, b.length);
        while (true) {
            try {
                p.setLength(b.length);
                from.receive(p);
                SocketAddress to;
                DatagramSocket out;
                if (fromBrowser) {
                    browser = p.getSocketAddress();
                    to = sfu;
                    out = towardSfu;
                } else {
                    to = browser;
                    out = towardBrowser;
                }
                if (to == null || lose(b, p.getLength())) {
                    continue;
                }
                relayed.incrementAndGet();
                out.send(new DatagramPacket(b, p.getLength(), to));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private boolean lose(byte[] b, int len) {
        boolean lose;
        synchronized (random) {
            lose = len > 0 && (b[0] & 0xFF) == DTLS_APPLICATION_DATA && random.nextDouble() < lossRate;
        }
        if (lose) {
            dropped.incrementAndGet();
        }
        return lose;
    }

    @Override
    public void close() throws InterruptedException {
        towardBrowser.close();
        towardSfu.close();
        up.join(1000);
        down.join(1000);
    }
}
