package io.prochat.rtc.gateway.deploy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Asks a TURN server for a relay with one credential, as a browser would (RFC 5766 Allocate over UDP with the
 * long-term credential mechanism), then frees it: the check that our TURN secret is coturn's.
 */
public final class TurnProbe {
    private static final int MAGIC = 0x2112A442;
    private static final int ALLOCATE = 0x0003;
    private static final int REFRESH = 0x0004;
    private static final int SUCCESS = 0x0100;
    private static final int ERROR = 0x0110;
    private static final int USERNAME = 0x0006;
    private static final int MESSAGE_INTEGRITY = 0x0008;
    private static final int ERROR_CODE = 0x0009;
    private static final int LIFETIME = 0x000D;
    private static final int REALM = 0x0014;
    private static final int NONCE = 0x0015;
    private static final int XOR_RELAYED_ADDRESS = 0x0016;
    private static final int REQUESTED_TRANSPORT = 0x0019;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * What the server said.
     *
     * @param relayed   the relay address it allocated, when it accepted
     * @param errorCode its STUN error code (401 = credentials refused), 0 when it accepted or did not answer
     * @param reason    its reason phrase, or why there was no answer
     */
    public record Outcome(boolean accepted, InetSocketAddress relayed, int errorCode, String reason) {
        public boolean refusedCredentials() {
            return errorCode == 401 || errorCode == 431;
        }
    }

    private TurnProbe() {
    }

    public static Outcome allocate(InetSocketAddress server, String username, String password, Duration timeout)
            throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            Message first = exchange(socket, server, request(ALLOCATE, null, null, null, null));
            if (first == null) {
                return new Outcome(false, null, 0, "no answer within " + timeout.toMillis() + " ms");
            }
            if (first.type() != (ALLOCATE | ERROR) || first.errorCode() != 401 || first.realm() == null) {
                return outcome(first);
            }
            byte[] key = md5(username + ":" + first.realm() + ":" + password);
            Message second = exchange(socket, server, request(ALLOCATE, username, first.realm(), first.nonce(), key));
            if (second == null) {
                return new Outcome(false, null, 0, "no answer to the authenticated request");
            }
            Outcome o = outcome(second);
            if (o.accepted()) {
                // free the relay at once: this was only a check
                exchange(socket, server, request(REFRESH, username, first.realm(), first.nonce(), key));
            }
            return o;
        }
    }

    private static Outcome outcome(Message m) {
        if ((m.type() & 0x0110) == SUCCESS) {
            return new Outcome(true, m.relayed(), 0, "");
        }
        return new Outcome(false, null, m.errorCode(), m.reason());
    }

    private record Message(int type, int errorCode, String reason, String realm, String nonce,
                           InetSocketAddress relayed) {
    }

    private static Message exchange(DatagramSocket socket, InetSocketAddress server, byte[] request) throws IOException {
        byte[] transaction = Arrays.copyOfRange(request, 8, 20);
        socket.send(new DatagramPacket(request, request.length, server));
        byte[] buf = new byte[1500];
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return null;
            }
            if (p.getLength() >= 20 && Arrays.equals(Arrays.copyOfRange(buf, 8, 20), transaction)) {
                return parse(ByteBuffer.wrap(buf, 0, p.getLength()));
            }
        }
    }

    private static Message parse(ByteBuffer b) {
        int type = b.getShort() & 0xFFFF;
        int length = b.getShort() & 0xFFFF;
        b.position(20);
        int end = Math.min(b.limit(), 20 + length);
        int code = 0;
        String reason = "";
        String realm = null;
        String nonce = null;
        InetSocketAddress relayed = null;
        while (b.position() + 4 <= end) {
            int at = b.getShort() & 0xFFFF;
            int len = b.getShort() & 0xFFFF;
            if (b.position() + len > end) {
                break;
            }
            byte[] v = new byte[len];
            b.get(v);
            b.position(Math.min(end, b.position() + ((4 - len % 4) % 4)));
            switch (at) {
                case ERROR_CODE -> {
                    if (len >= 4) {
                        code = (v[2] & 0x7) * 100 + (v[3] & 0xFF);
                        reason = new String(v, 4, len - 4, StandardCharsets.UTF_8);
                    }
                }
                case REALM -> realm = new String(v, StandardCharsets.UTF_8);
                case NONCE -> nonce = new String(v, StandardCharsets.UTF_8);
                case XOR_RELAYED_ADDRESS -> relayed = xorAddress(v);
                default -> {
                    // other attributes do not matter to the check
                }
            }
        }
        return new Message(type, code, reason, realm, nonce, relayed);
    }

    private static InetSocketAddress xorAddress(byte[] v) {
        if (v.length < 8 || v[1] != 0x01) {
            return null; // only IPv4 relays are named
        }
        int port = ((v[2] & 0xFF) << 8 | (v[3] & 0xFF)) ^ (MAGIC >>> 16);
        byte[] ip = new byte[4];
        for (int i = 0; i < 4; i++) {
            ip[i] = (byte) (v[4 + i] ^ (MAGIC >>> (24 - 8 * i)));
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (IOException e) {
            return null;
        }
    }

    /** A request; with {@code key}, authenticated (USERNAME, REALM, NONCE, MESSAGE-INTEGRITY). */
    private static byte[] request(int method, String username, String realm, String nonce, byte[] key) {
        ByteBuffer b = ByteBuffer.allocate(1024);
        b.putShort((short) method).putShort((short) 0).putInt(MAGIC);
        byte[] transaction = new byte[12];
        RANDOM.nextBytes(transaction);
        b.put(transaction);
        if (method == ALLOCATE) {
            attribute(b, REQUESTED_TRANSPORT, new byte[]{17, 0, 0, 0}); // UDP
        } else {
            attribute(b, LIFETIME, new byte[]{0, 0, 0, 0}); // Refresh with lifetime 0 frees the allocation
        }
        if (key != null) {
            attribute(b, USERNAME, username.getBytes(StandardCharsets.UTF_8));
            attribute(b, REALM, realm.getBytes(StandardCharsets.UTF_8));
            if (nonce != null) {
                attribute(b, NONCE, nonce.getBytes(StandardCharsets.UTF_8));
            }
            // the integrity covers the header with a length that already counts the integrity attribute
            b.putShort(2, (short) (b.position() - 20 + 24));
            byte[] mac = hmacSha1(key, Arrays.copyOf(b.array(), b.position()));
            attribute(b, MESSAGE_INTEGRITY, mac);
        }
        b.putShort(2, (short) (b.position() - 20));
        return Arrays.copyOf(b.array(), b.position());
    }

    private static void attribute(ByteBuffer b, int type, byte[] value) {
        b.putShort((short) type).putShort((short) value.length).put(value);
        for (int i = value.length; i % 4 != 0; i++) {
            b.put((byte) 0);
        }
    }

    private static byte[] md5(String s) {
        try {
            return MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmacSha1(byte[] key, byte[] data) {
        try {
            Mac m = Mac.getInstance("HmacSHA1");
            m.init(new SecretKeySpec(key, "HmacSHA1"));
            return m.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
