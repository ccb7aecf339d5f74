package io.prochat.rtc.sfu.echo;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Garbage for the media ports, all on loopback: random datagrams and frames, and STUN requests with a live ufrag. */
final class Junk {
    private Junk() {
    }

    /**
     * From two fresh sockets: random datagrams (ice4j drops them: unknown address, not STUN), then a STUN Binding
     * Request that names the live session's ufrag (ice4j then maps that address to the session) followed by fake
     * RTP, RTCP, DTLS and random bytes, which reach the session and must be dropped there.
     */
    static void udpBurst(int port, String ufrag) throws IOException {
        if (port <= 0) {
            return;
        }
        InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        Random random = new Random(42);
        try (DatagramSocket stranger = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                DatagramSocket impostor = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            for (int i = 0; i < 200; i++) {
                byte[] b = new byte[1 + random.nextInt(1400)];
                random.nextBytes(b);
                stranger.send(new DatagramPacket(b, b.length, target));
            }
            byte[] stun = bindingRequest(ufrag + ":impostor", random);
            impostor.send(new DatagramPacket(stun, stun.length, target));
            settle(); // ice4j maps the impostor's address to the session on its own thread
            for (int i = 0; i < 200; i++) {
                byte[] b = new byte[20 + random.nextInt(1200)];
                random.nextBytes(b);
                switch (i % 4) {
                    case 0: // RTP-looking, Opus payload type
                        b[0] = (byte) 0x80;
                        b[1] = 111;
                        break;
                    case 1: // RTCP-looking, RR
                        b[0] = (byte) 0x81;
                        b[1] = (byte) 201;
                        break;
                    case 2: // DTLS-looking, application data record
                        b[0] = 23;
                        b[1] = (byte) 0xFE;
                        b[2] = (byte) 0xFD;
                        break;
                    default:
                        break;
                }
                impostor.send(new DatagramPacket(b, b.length, target));
            }
        }
    }

    /** Random RFC 4571 frames on one connection, and a framed STUN request with the live ufrag then junk on another. */
    static void tcpBurst(int port, String ufrag) {
        if (port <= 0) {
            return;
        }
        Random random = new Random(7);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < 50; i++) {
                byte[] b = new byte[1 + random.nextInt(1000)];
                random.nextBytes(b);
                out.write(new byte[] {(byte) (b.length >> 8), (byte) b.length});
                out.write(b);
            }
            out.flush();
        } catch (IOException expected) {
            // the SFU may hang up first: fine
        }
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = s.getOutputStream();
            byte[] stun = bindingRequest(ufrag + ":impostor", random);
            out.write(new byte[] {(byte) (stun.length >> 8), (byte) stun.length});
            out.write(stun);
            out.flush();
            settle();
            for (int i = 0; i < 50; i++) {
                byte[] b = new byte[1 + random.nextInt(1000)];
                random.nextBytes(b);
                b[0] = (byte) 0x80;
                out.write(new byte[] {(byte) (b.length >> 8), (byte) b.length});
                out.write(b);
            }
            out.flush();
        } catch (IOException expected) {
            // idem
        }
    }

    /** Gives ice4j's threads time to map a new remote address before junk follows (a loaded CI box is slow). */
    private static void settle() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A STUN Binding Request (RFC 5389) with only a USERNAME attribute: no integrity, so a checker must refuse it. */
    static byte[] bindingRequest(String username, Random random) {
        byte[] user = username.getBytes(StandardCharsets.UTF_8);
        int padded = (user.length + 3) & ~3;
        byte[] m = new byte[20 + 4 + padded];
        m[1] = 0x01; // Binding Request
        int attrs = 4 + padded;
        m[2] = (byte) (attrs >> 8);
        m[3] = (byte) attrs;
        m[4] = 0x21;
        m[5] = 0x12;
        m[6] = (byte) 0xA4;
        m[7] = 0x42;
        for (int i = 8; i < 20; i++) {
            m[i] = (byte) random.nextInt(256);
        }
        m[20] = 0x00;
        m[21] = 0x06; // USERNAME
        m[22] = (byte) (user.length >> 8);
        m[23] = (byte) user.length;
        System.arraycopy(user, 0, m, 24, user.length);
        return m;
    }
}
