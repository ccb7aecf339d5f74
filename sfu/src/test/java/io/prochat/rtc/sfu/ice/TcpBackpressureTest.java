package io.prochat.rtc.sfu.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11, item 2: one ICE-TCP receiver that stops reading must not stall anybody else. A UDP peer's datagrams are
 * forwarded, on ice4j's shared UDP receive thread as a room forwards, both to a TCP peer that never reads and back
 * to the UDP peer; the UDP echo must keep flowing while the TCP peer's window is long full.
 */
class TcpBackpressureTest {
    private static final int PACKETS = 8000; // 9.6 MB: more than a loopback TCP socket's buffers take (4 MB + 4 KB)
    private static final int SIZE = 1200;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aTcpPeerThatStopsReadingDoesNotStallUdpForwarding() throws Exception {
        AtomicReference<IceSession> tcpSession = new AtomicReference<>();
        AtomicReference<IceSession> udpSession = new AtomicReference<>();
        try (IcePorts ports = new IcePorts(IceConfig.loopback());
                IceSession t = new IceSession(ports, handler(null, null));
                IceSession u = new IceSession(ports, handler(tcpSession, udpSession))) {
            tcpSession.set(t);
            udpSession.set(u);
            try (RawIcePeer slow = RawIcePeer.tcp(ports, t); RawIcePeer fast = RawIcePeer.udp(ports, u)) {
                slow.connect(t, 10_000);
                fast.connect(u, 10_000);
                assertThat(t.selectedTransport()).isEqualTo("tcp");
                assertThat(u.selectedTransport()).isEqualTo("udp");
                slow.stopReading();

                byte[] media = new byte[SIZE];
                media[0] = (byte) 0x80; // RTP by its first byte (RFC 7983); the rest does not matter here
                for (int i = 1; i <= PACKETS; i++) {
                    fast.sendMedia(media);
                    if (i % 50 == 0) {
                        awaitAtLeast(fast, i - 200, i);
                    }
                }
                awaitAtLeast(fast, PACKETS - 200, PACKETS);
                assertThat(t.tcpQueueDrops()).as("what did not fit the stalled peer's queue").isPositive();

                long start = System.nanoTime();
                t.close(); // its writer is blocked on the full window: close does not wait for it
                assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(2));
            }
        }
    }

    private static void awaitAtLeast(RawIcePeer peer, int count, int sent) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (peer.received.get() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("UDP forwarding stalled: " + peer.received.get() + " of " + sent
                        + " datagrams echoed");
            }
            Thread.sleep(1);
        }
    }

    /** Forwards each datagram to the TCP session, then echoes it to its own (UDP) peer, on the receive thread. */
    private static IceSession.Handler handler(AtomicReference<IceSession> forwardTo, AtomicReference<IceSession> self) {
        return new IceSession.Handler() {
            @Override
            public void onPacket(byte[] buf, int off, int len) {
                if (forwardTo == null) {
                    return;
                }
                try {
                    forwardTo.get().send(buf, off, len);
                } catch (IOException e) {
                    // counted by the real transport; here only the echo matters
                }
                try {
                    self.get().send(buf, off, len);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }

            @Override
            public void onConnected(IceSession session) {
            }

            @Override
            public void onFailed(IceSession session, String reason) {
            }
        };
    }
}
