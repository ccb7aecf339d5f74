package io.prochat.rtc.sfu.ice;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The controlling side of ICE (RFC 8445) written out by hand on one loopback socket, UDP or TCP with RFC 4571
 * framing: it sends Binding requests with USE-CANDIDATE, answers the SFU's checks, and counts the non-STUN datagrams
 * it receives. Over TCP it can {@link #stopReading stop reading}, as a stalled or malicious receiver would. Just
 * enough STUN (RFC 8489) for the SFU's ice4j agent to select the pair: USERNAME, PRIORITY, ICE-CONTROLLING,
 * USE-CANDIDATE, XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY, FINGERPRINT.
 */
final class RawIcePeer implements AutoCloseable {
    private static final int COOKIE = 0x2112A442;

    final String ufrag = "raw" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000));
    final String password = "rawpasswordrawpassword" + ThreadLocalRandom.current().nextInt(1000, 10000);
    final AtomicInteger received = new AtomicInteger();
    private final DatagramSocket udp;
    private final Socket tcp;
    private final InetSocketAddress sfu;
    private final String sfuUfrag;
    private final String sfuPassword;
    private volatile boolean reading = true;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicInteger answers = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
    private final Thread reader;

    private RawIcePeer(DatagramSocket udp, Socket tcp, InetSocketAddress sfu, IceSession session) {
        this.udp = udp;
        this.tcp = tcp;
        this.sfu = sfu;
        this.sfuUfrag = session.localUfrag();
        this.sfuPassword = session.localPassword();
        this.reader = new Thread(this::read, "raw-ice-peer-" + ufrag);
        reader.setDaemon(true);
    }

    /** A UDP peer of {@code session}, whose ports listen on loopback. */
    static RawIcePeer udp(IcePorts ports, IceSession session) throws IOException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        s.setReceiveBufferSize(1 << 20);
        return new RawIcePeer(s, null, new InetSocketAddress(InetAddress.getLoopbackAddress(), ports.udpPort()),
                session);
    }

    /** A TCP peer of {@code session} with a small receive buffer, so that not reading fills it quickly. */
    static RawIcePeer tcp(IcePorts ports, IceSession session) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), ports.tcpPort());
        s.connect(to, 5000);
        return new RawIcePeer(null, s, to, session);
    }

    /** Starts the session with our credentials, then checks until it has selected our pair. */
    void connect(IceSession session, long timeoutMillis) throws Exception {
        session.start(ufrag, password);
        reader.start();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!session.isConnected()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("ICE did not connect over " + (tcp != null ? "TCP" : "UDP"));
            }
            sendRaw(bindingRequest());
            Thread.sleep(50);
        }
    }

    /** Binding success responses the SFU sent us (answers to our checks). */
    int answers() {
        return answers.get();
    }

    /** Binding requests the SFU sent us (its connectivity and consent checks). */
    int checks() {
        return checks.get();
    }

    /** Sends one more Binding request with the session's credentials. */
    void sendBindingRequest() throws IOException {
        sendRaw(bindingRequest());
    }

    /** From now on nothing is read from the socket (TCP: the SFU's writes fill our window and stop). */
    void stopReading() {
        reading = false;
    }

    /** Sends one non-STUN datagram (an RTP-looking one). */
    void sendMedia(byte[] payload) throws IOException {
        sendRaw(payload);
    }

    private synchronized void sendRaw(byte[] m) throws IOException {
        if (udp != null) {
            udp.send(new DatagramPacket(m, m.length, sfu));
        } else {
            OutputStream out = tcp.getOutputStream();
            byte[] f = new byte[2 + m.length];
            f[0] = (byte) (m.length >> 8);
            f[1] = (byte) m.length;
            System.arraycopy(m, 0, f, 2, m.length);
            out.write(f);
            out.flush();
        }
    }

    private void read() {
        try {
            DataInputStream in = tcp == null ? null : new DataInputStream(tcp.getInputStream());
            byte[] buf = new byte[2048];
            while (!closed && reading) {
                int len;
                InetSocketAddress from;
                if (udp != null) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    udp.receive(p);
                    len = p.getLength();
                    from = (InetSocketAddress) p.getSocketAddress();
                } else {
                    len = in.readUnsignedShort();
                    in.readFully(buf, 0, len);
                    from = (InetSocketAddress) tcp.getRemoteSocketAddress();
                }
                if (!reading) {
                    return;
                }
                if (len >= 20 && (buf[0] & 0xC0) == 0 && ByteBuffer.wrap(buf, 4, 4).getInt() == COOKIE) {
                    if (buf[0] == 0 && buf[1] == 1) { // a Binding request: the SFU's check
                        checks.incrementAndGet();
                        sendRaw(successResponse(Arrays.copyOfRange(buf, 8, 20), from));
                    } else if (buf[0] == 1 && buf[1] == 1) { // a success response: the SFU answered our check
                        answers.incrementAndGet();
                    }
                } else {
                    received.incrementAndGet();
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    private byte[] bindingRequest() {
        return bindingRequest(sfuUfrag + ":" + ufrag, sfuPassword, true);
    }

    /** A browser's check: USERNAME, PRIORITY, ICE-CONTROLLING (or ICE-CONTROLLED), USE-CANDIDATE, signed. */
    static byte[] bindingRequest(String username, String password, boolean controlling) {
        byte[] tx = new byte[12];
        ThreadLocalRandom.current().nextBytes(tx);
        ByteBuffer a = ByteBuffer.allocate(512);
        attr(a, 0x0006, username.getBytes(StandardCharsets.UTF_8)); // USERNAME
        attr(a, 0x0024, ByteBuffer.allocate(4).putInt(0x6E7F00FF).array()); // PRIORITY: prflx
        attr(a, controlling ? 0x802A : 0x8029,
                ByteBuffer.allocate(8).putLong(ThreadLocalRandom.current().nextLong()).array());
        attr(a, 0x0025, new byte[0]); // USE-CANDIDATE
        return sign(0x0001, tx, a, password);
    }

    private byte[] successResponse(byte[] tx, InetSocketAddress from) {
        ByteBuffer a = ByteBuffer.allocate(512);
        byte[] ip = from.getAddress().getAddress();
        ByteBuffer x = ByteBuffer.allocate(8).put((byte) 0).put((byte) 1)
                .putShort((short) (from.getPort() ^ (COOKIE >>> 16)));
        byte[] cookie = ByteBuffer.allocate(4).putInt(COOKIE).array();
        for (int i = 0; i < 4; i++) {
            x.put((byte) (ip[i] ^ cookie[i]));
        }
        attr(a, 0x0020, x.array()); // XOR-MAPPED-ADDRESS
        return sign(0x0101, tx, a, password);
    }

    private static void attr(ByteBuffer b, int type, byte[] value) {
        b.putShort((short) type).putShort((short) value.length).put(value);
        while (b.position() % 4 != 0) {
            b.put((byte) 0);
        }
    }

    /** Header, attributes, MESSAGE-INTEGRITY (HMAC-SHA1, short-term key) and FINGERPRINT (RFC 8489 §14.5, §14.7). */
    private static byte[] sign(int type, byte[] tx, ByteBuffer attrs, String key) {
        try {
            int body = attrs.position();
            ByteBuffer m = ByteBuffer.allocate(20 + body + 24 + 8);
            m.putShort((short) type).putShort((short) (body + 24)).putInt(COOKIE).put(tx);
            m.put(attrs.array(), 0, body);
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            mac.update(m.array(), 0, m.position());
            m.putShort((short) 0x0008).putShort((short) 20).put(mac.doFinal());
            m.putShort(2, (short) (body + 24 + 8));
            CRC32 crc = new CRC32();
            crc.update(m.array(), 0, m.position());
            m.putShort((short) 0x8028).putShort((short) 4).putInt((int) crc.getValue() ^ 0x5354554E);
            return m.array();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (udp != null) {
                udp.close();
            } else {
                tcp.close();
            }
        } catch (IOException e) {
            // closing
        }
    }
}
