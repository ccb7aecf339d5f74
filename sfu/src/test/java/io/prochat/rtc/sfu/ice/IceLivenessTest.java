package io.prochat.rtc.sfu.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 8: datagrams that merely arrive on the selected pair (anyone who knows the address pair can send
 * them) do not keep a session alive; only what authenticates does (the transport calls {@link IceSession#heard}).
 */
class IceLivenessTest {
    private static final IceSession.Handler IGNORE = new IceSession.Handler() {
        @Override
        public void onPacket(byte[] buf, int off, int len) {
        }

        @Override
        public void onConnected(IceSession session) {
        }

        @Override
        public void onFailed(IceSession session, String reason) {
        }
    };

    @Test
    void unauthenticatedDatagramsDoNotCountAsHearingFromThePeer() throws Exception {
        try (IcePorts ports = new IcePorts(IceConfig.loopback().withTcpPort(-1));
                IceSession session = new IceSession(ports, IGNORE);
                RawIcePeer spoofer = RawIcePeer.udp(ports, session)) {
            spoofer.connect(session, 10_000);
            spoofer.stopReading(); // and so answers no consent check either
            byte[] junk = new byte[100];
            junk[0] = (byte) 0x80; // looks like RTP; no SRTP tag that would authenticate
            long start = System.nanoTime();
            while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(400)) {
                spoofer.sendMedia(junk);
                Thread.sleep(5);
            }
            assertThat(session.silentNanos()).as("silence despite 400 ms of junk")
                    .isGreaterThan(TimeUnit.MILLISECONDS.toNanos(350));
            session.heard();
            assertThat(session.silentNanos()).isLessThan(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    @Test
    void stunRequestsForNoSessionAreCounted() throws Exception {
        try (IcePorts ports = new IcePorts(IceConfig.loopback().withTcpPort(-1));
                java.net.DatagramSocket stranger = new java.net.DatagramSocket(0,
                        java.net.InetAddress.getLoopbackAddress())) {
            byte[] user = "nobody:stranger".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            java.nio.ByteBuffer m = java.nio.ByteBuffer.allocate(20 + 4 + 16);
            m.putShort((short) 1).putShort((short) 20).putInt(0x2112A442).put(new byte[12]);
            m.putShort((short) 6).putShort((short) user.length).put(user).put((byte) 0);
            java.net.InetSocketAddress to = new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(),
                    ports.udpPort());
            for (int i = 0; i < 3; i++) {
                stranger.send(new java.net.DatagramPacket(m.array(), m.capacity(), to));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (ports.refusedStunRequests() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(ports.refusedStunRequests()).isEqualTo(3);
        }
    }
}
