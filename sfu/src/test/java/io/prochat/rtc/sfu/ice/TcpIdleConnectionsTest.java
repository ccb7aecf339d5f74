package io.prochat.rtc.sfu.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13: connections to the media TCP port that never send their first STUN request must not pile up. A thousand
 * idle connections from a hundred loopback addresses, and fifty from one, are held to 256 pending in all and 16 per
 * address, the oldest closed first, while a real ICE-TCP peer still connects; idle ones are closed after the pending
 * timeout; junk and unknown ufrags are closed at once. Every refusal is counted.
 */
class TcpIdleConnectionsTest {
    @Test
    void theShippedBoundsAreTenSecondsSixteenPerAddressAndTwoHundredFiftySixInAll() {
        assertThat(IceTcpListener.Limits.DEFAULT).isEqualTo(new IceTcpListener.Limits(Duration.ofSeconds(10), 16, 256));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aThousandIdleConnectionsAreCappedAndARealIceTcpSessionStillConnects() throws Exception {
        // a pending timeout longer than the test: only the caps close connections here
        IceTcpListener.Limits limits = new IceTcpListener.Limits(Duration.ofMinutes(5), 16, 256);
        List<Socket> idle = new ArrayList<>();
        try (IcePorts ports = new IcePorts(IceConfig.loopback(), limits);
             IceSession session = new IceSession(ports, IceSessionTest.IGNORE)) {
            for (int a = 0; a < 100; a++) { // 127.0.1.0 – 127.0.1.99: all loopback on Linux
                InetAddress from = InetAddress.getByAddress(new byte[] {127, 0, 1, (byte) a});
                for (int i = 0; i < 10; i++) {
                    idle.add(connect(ports, from));
                }
            }
            InetAddress crowded = InetAddress.getByAddress(new byte[] {127, 0, 2, 1});
            List<Socket> fromOne = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                fromOne.add(connect(ports, crowded));
            }
            idle.addAll(fromOne);
            await(() -> refused(ports) == 1050 - 256, () -> "refused " + refused(ports) + ", pending " + ports.tcpPending());

            assertThat(ports.tcpPending()).isEqualTo(256);
            assertThat(ports.tcpRefused(TcpRefusal.PER_ADDRESS)).as("50 from one address, 16 kept").isEqualTo(34);
            assertThat(ports.tcpRefused(TcpRefusal.TOTAL)).isEqualTo(1050 - 256 - 34);
            assertThat(ports.tcpRefused(TcpRefusal.IDLE)).isZero();
            for (Socket s : fromOne.subList(0, 34)) {
                assertThat(closedByServer(s)).as("the oldest of the crowded address were closed").isTrue();
            }
            assertThat(closedByServer(idle.get(0))).as("the oldest of all was closed").isTrue();

            try (RawIcePeer peer = RawIcePeer.tcp(ports, session)) {
                peer.connect(session, 10_000);
                assertThat(session.selectedTransport()).isEqualTo("tcp");
            }
            // the peer's connection, the newest, evicted the oldest pending one, then went to its session
            assertThat(ports.tcpPending()).isEqualTo(255);
            assertThat(ports.tcpRefused(TcpRefusal.TOTAL)).isEqualTo(1050 - 256 - 34 + 1);
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void connectionsThatSendNothingAreClosedAfterThePendingTimeout() throws Exception {
        IceTcpListener.Limits limits = new IceTcpListener.Limits(Duration.ofMillis(300), 16, 256);
        try (IcePorts ports = new IcePorts(IceConfig.loopback(), limits)) {
            List<Socket> idle = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                idle.add(connect(ports, InetAddress.getLoopbackAddress()));
            }
            for (Socket s : idle) {
                assertThat(closedByServer(s)).isTrue(); // waits for the server's FIN (the socket's 30 s timeout bounds it)
                s.close();
            }
            await(() -> ports.tcpRefused(TcpRefusal.IDLE) == 12, () -> "idle " + ports.tcpRefused(TcpRefusal.IDLE));
            assertThat(ports.tcpPending()).isZero();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void junkAndUnknownUfragsAreClosedAtOnce() throws Exception {
        try (IcePorts ports = new IcePorts(IceConfig.loopback())) {
            try (Socket http = connect(ports, InetAddress.getLoopbackAddress())) {
                http.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(closedByServer(http)).isTrue();
            }
            try (Socket stranger = connect(ports, InetAddress.getLoopbackAddress())) {
                OutputStream out = stranger.getOutputStream();
                byte[] request = bindingRequest("nobody:me");
                out.write(new byte[] {(byte) (request.length >> 8), (byte) request.length});
                out.write(request);
                out.flush();
                assertThat(closedByServer(stranger)).isTrue();
            }
            await(() -> ports.tcpRefused(TcpRefusal.NOT_STUN) == 1 && ports.tcpRefused(TcpRefusal.UNKNOWN_SESSION) == 1,
                    () -> "not_stun " + ports.tcpRefused(TcpRefusal.NOT_STUN) + ", unknown_session "
                            + ports.tcpRefused(TcpRefusal.UNKNOWN_SESSION));
            assertThat(ports.tcpPending()).isZero();
        }
    }

    private static long refused(IcePorts ports) {
        long n = 0;
        for (TcpRefusal r : TcpRefusal.values()) {
            n += ports.tcpRefused(r);
        }
        return n;
    }

    private static Socket connect(IcePorts ports, InetAddress from) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), ports.tcpPort()), 5000);
        s.setSoTimeout(30_000);
        return s;
    }

    /** True when the server closed the connection: end of stream, or a reset. */
    private static boolean closedByServer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** A STUN Binding request with only a USERNAME: enough for the listener to pick a session by its ufrag. */
    private static byte[] bindingRequest(String username) {
        byte[] name = username.getBytes(StandardCharsets.UTF_8);
        int padded = (name.length + 3) & ~3;
        ByteBuffer b = ByteBuffer.allocate(20 + 4 + padded);
        b.putShort((short) 0x0001).putShort((short) (4 + padded)).putInt(0x2112A442);
        b.put(new byte[12]);
        b.putShort((short) 0x0006).putShort((short) name.length).put(name);
        return b.array();
    }

    private static void await(BooleanSupplier condition, java.util.function.Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within 30 s: " + state.get());
            }
            Thread.sleep(20);
        }
    }
}
