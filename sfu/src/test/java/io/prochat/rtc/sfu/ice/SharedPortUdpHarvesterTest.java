package io.prochat.rtc.sfu.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import org.junit.jupiter.api.Test;

/**
 * The shared UDP port's sessions: a connected session holds one ice4j socket read by one STUN reader, and a closed
 * one leaves neither behind (nor its ufrag, so its peer's next request is refused).
 */
class SharedPortUdpHarvesterTest {
    @Test
    void aClosedSessionLeavesNoSocketNoStunReaderAndNoUfragBehind() throws Exception {
        try (IcePorts ports = new IcePorts(IceConfig.loopback().withTcpPort(-1))) {
            int readersBefore = stunReaders();
            IceSession session = new IceSession(ports, IceSessionTest.IGNORE);
            try (RawIcePeer peer = RawIcePeer.udp(ports, session)) {
                peer.connect(session, 10_000);
                assertThat(ports.udpSessions()).isEqualTo(1);
                assertThat(stunReaders()).isEqualTo(readersBefore + 1);

                session.close();
                awaitEquals(readersBefore, SharedPortUdpHarvesterTest::stunReaders);
                assertThat(ports.udpSessions()).isZero();

                long refused = ports.refusedStunRequests();
                peer.sendBindingRequest(); // the same address, the closed session's ufrag
                awaitEquals(Math.toIntExact(refused + 1), () -> Math.toIntExact(ports.refusedStunRequests()));
            }
        }
    }

    /**
     * Once the agent has terminated (3 s after it selected the pair), the selected pair's STUN is the session's own:
     * ice4j's reader thread for the peer's address is gone, the peer's checks are still answered, and media still
     * arrives.
     */
    @Test
    void onceIceIsOverTheStunReaderGoesAndTheSessionAnswersTheChecksItself() throws Exception {
        java.util.concurrent.atomic.AtomicInteger media = new java.util.concurrent.atomic.AtomicInteger();
        IceSession.Handler counting = new IceSession.Handler() {
            @Override
            public void onPacket(byte[] buf, int off, int len) {
                media.incrementAndGet();
            }

            @Override
            public void onConnected(IceSession session) {
            }

            @Override
            public void onFailed(IceSession session, String reason) {
            }
        };
        try (IcePorts ports = new IcePorts(IceConfig.loopback().withTcpPort(-1));
                IceSession session = new IceSession(ports, counting);
                RawIcePeer peer = RawIcePeer.udp(ports, session)) {
            int readersBefore = stunReaders();
            peer.connect(session, 10_000);
            awaitEquals(1, () -> session.stunTakenOver() ? 1 : 0);
            awaitEquals(readersBefore, SharedPortUdpHarvesterTest::stunReaders);
            assertThat(ports.udpRoutes()).isEqualTo(1);

            int answered = peer.answers();
            peer.sendBindingRequest();
            awaitEquals(answered + 1, peer::answers);

            // from the same address, a check that does not authenticate: dropped, counted, not answered
            long rejected = ports.rejectedStun();
            peer.sendMedia(RawIcePeer.bindingRequest(session.localUfrag() + ":peer", "not-the-password", true));
            awaitEquals(Math.toIntExact(rejected + 1), () -> Math.toIntExact(ports.rejectedStun()));
            assertThat(peer.answers()).isEqualTo(answered + 1);

            peer.sendMedia(new byte[] {(byte) 0x80, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2});
            awaitEquals(1, media::get);
        }
    }

    /**
     * A session on two addresses (IPv4 and IPv6) that connects over one: once ICE is over its sockets on the other go
     * too, and that address takes no new remote address for it.
     */
    @Test
    void onceIceIsOverTheSessionsOtherAddressKeepsNoReaderAndTakesNoNewPeer() throws Exception {
        java.net.InetAddress v4 = java.net.InetAddress.getByName("127.0.0.1");
        java.net.InetAddress v6 = java.net.InetAddress.getByName("::1");
        IceConfig config = new IceConfig(java.util.List.of(v4, v6), 0, -1, null, java.time.Duration.ofSeconds(30),
                java.time.Duration.ofSeconds(30), true);
        try (IcePorts ports = new IcePorts(config);
                IceSession session = new IceSession(ports, IceSessionTest.IGNORE);
                RawIcePeer peer = RawIcePeer.udp(ports, session);
                java.net.DatagramSocket first6 = new java.net.DatagramSocket(new java.net.InetSocketAddress(v6, 0));
                java.net.DatagramSocket second6 = new java.net.DatagramSocket(new java.net.InetSocketAddress(v6, 0))) {
            int readersBefore = stunReaders();
            java.net.InetSocketAddress port6 = new java.net.InetSocketAddress(v6, ports.udpPort());
            byte[] request = RawIcePeer.bindingRequest(session.localUfrag() + ":x", "whatever", true);
            first6.send(new java.net.DatagramPacket(request, request.length, port6));
            awaitEquals(1, ports::udpRoutes);
            peer.connect(session, 10_000); // over IPv4
            awaitEquals(1, () -> session.stunTakenOver() ? 1 : 0);
            awaitEquals(readersBefore, SharedPortUdpHarvesterTest::stunReaders);
            assertThat(ports.udpRoutes()).isEqualTo(1); // the selected pair's

            long refused = ports.refusedStunRequests();
            second6.send(new java.net.DatagramPacket(request, request.length, port6));
            awaitEquals(Math.toIntExact(refused + 1), () -> Math.toIntExact(ports.refusedStunRequests()));
            assertThat(ports.udpRoutes()).isEqualTo(1);
            assertThat(stunReaders()).isEqualTo(readersBefore);
        }
    }

    /**
     * A browser also checks over ICE-TCP; when ICE ends on a UDP pair, the session's TCP connection (and ice4j's
     * reader of it) goes too.
     */
    @Test
    void onceIceIsOverOnUdpTheSessionsTcpConnectionGoes() throws Exception {
        try (IcePorts ports = new IcePorts(IceConfig.loopback());
                IceSession session = new IceSession(ports, IceSessionTest.IGNORE);
                RawIcePeer overTcp = RawIcePeer.tcp(ports, session);
                RawIcePeer overUdp = RawIcePeer.udp(ports, session)) {
            int readersBefore = stunReaders();
            overTcp.sendBindingRequest(); // accepted by the session; nobody answers our checks on it
            awaitEquals(readersBefore + 1, SharedPortUdpHarvesterTest::stunReaders);
            overUdp.connect(session, 10_000);
            assertThat(session.selectedTransport()).isEqualTo("udp");
            awaitEquals(1, () -> session.stunTakenOver() ? 1 : 0);
            awaitEquals(readersBefore, SharedPortUdpHarvesterTest::stunReaders);
        }
    }

    @Test
    void sessionsOnOnePortEachGetTheirOwnReader() throws Exception {
        try (IcePorts ports = new IcePorts(IceConfig.loopback().withTcpPort(-1));
                IceSession a = new IceSession(ports, IceSessionTest.IGNORE);
                IceSession b = new IceSession(ports, IceSessionTest.IGNORE);
                RawIcePeer peerA = RawIcePeer.udp(ports, a);
                RawIcePeer peerB = RawIcePeer.udp(ports, b)) {
            int readersBefore = stunReaders();
            peerA.connect(a, 10_000);
            peerB.connect(b, 10_000);
            assertThat(ports.udpSessions()).isEqualTo(2);
            assertThat(stunReaders()).isEqualTo(readersBefore + 2);
            assertThat(a.isConnected()).isTrue();
            assertThat(b.isConnected()).isTrue();
        }
    }

    @Test
    void aConnectedSessionHoldsOneSocketOnTheSharedPort() throws Exception {
        int sessions = 10;
        try (IcePorts ports = new IcePorts(IceConfig.loopback().withTcpPort(-1))) {
            java.util.List<AutoCloseable> open = new java.util.ArrayList<>();
            try {
                long before = openFiles();
                for (int i = 0; i < sessions; i++) {
                    IceSession s = new IceSession(ports, IceSessionTest.IGNORE);
                    open.add(s);
                    RawIcePeer peer = RawIcePeer.udp(ports, s);
                    open.add(peer);
                    peer.connect(s, 10_000);
                }
                // each pair: the peer's own socket, and the session's one (ice4j's per-address DatagramSocket, which
                // the JDK backs with a file descriptor even unbound); ice4j's filters would add two more
                assertThat(openFiles() - before).isLessThanOrEqualTo(2L * sessions);
            } finally {
                for (AutoCloseable c : open) {
                    c.close();
                }
            }
        }
    }

    private static long openFiles() throws java.io.IOException {
        try (java.util.stream.Stream<java.nio.file.Path> fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /**
     * A participant knows its own session's ufrag, and a first request from a new address needs nothing more to get
     * a socket and a STUN reader thread: one sending from 100 ports gets 16, the rest are refused and counted, and
     * another session on the port still connects.
     */
    @Test
    void oneSessionIsReachedFromAtMostSixteenAddresses() throws Exception {
        int attempts = 100;
        try (IcePorts ports = new IcePorts(IceConfig.loopback().withTcpPort(-1));
                IceSession target = new IceSession(ports, IceSessionTest.IGNORE);
                IceSession other = new IceSession(ports, IceSessionTest.IGNORE)) {
            int readersBefore = stunReaders();
            long refusedBefore = ports.refusedStunRequests();
            java.net.InetSocketAddress port = new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(),
                    ports.udpPort());
            byte[] request = bindingRequestNaming(target.localUfrag() + ":attacker");
            java.util.List<java.net.DatagramSocket> sockets = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < attempts; i++) {
                    java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
                    sockets.add(s);
                    s.send(new java.net.DatagramPacket(request, request.length, port));
                }
                int refusedExpected = attempts - SharedPortUdpHarvester.MAX_REMOTES_PER_SESSION;
                awaitEquals(refusedExpected,
                        () -> Math.toIntExact(ports.refusedStunRequests() - refusedBefore));
                assertThat(stunReaders() - readersBefore).isEqualTo(SharedPortUdpHarvester.MAX_REMOTES_PER_SESSION);
            } finally {
                for (java.net.DatagramSocket s : sockets) {
                    s.close();
                }
            }
            try (RawIcePeer peer = RawIcePeer.udp(ports, other)) {
                peer.connect(other, 10_000);
                assertThat(other.isConnected()).isTrue();
            }
        }
    }

    /** A Binding request with only a USERNAME: enough for the port to pick a session, not to pass its STUN stack. */
    private static byte[] bindingRequestNaming(String username) {
        byte[] user = username.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int padded = (user.length + 3) & ~3;
        java.nio.ByteBuffer m = java.nio.ByteBuffer.allocate(20 + 4 + padded);
        m.putShort((short) 1).putShort((short) (4 + padded)).putInt(0x2112A442).put(new byte[12]);
        m.putShort((short) 6).putShort((short) user.length).put(user);
        return m.array();
    }

    /** ice4j's STUN stack reads each session's socket on a thread of its own, named so. */
    private static int stunReaders() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("IceConnector@")).count();
    }

    private static void awaitEquals(int expected, IntSupplier actual) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (actual.getAsInt() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(actual.getAsInt()).isEqualTo(expected);
    }
}
