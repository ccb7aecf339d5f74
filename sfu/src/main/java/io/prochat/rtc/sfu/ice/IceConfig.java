package io.prochat.rtc.sfu.ice;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where the SFU's ICE listens and what it announces.
 *
 * @param addresses local addresses to bind the shared ports on (each becomes a host candidate); for tests 127.0.0.1
 * @param udpPort the one UDP port for all sessions (rtcd {@code ICEPortUDP}); 0 = any free port; negative = no UDP
 * @param tcpPort the one TCP port for all sessions (rtcd {@code ICEPortTCP}); 0 = any free port; negative = no TCP
 * @param hostOverride also announced, in copies of the host candidates, when set (rtcd {@code ICEHostOverride}: the
 *     public address of a 1:1 NAT), or null
 * @param peerTimeout a session that received nothing authenticated (media, RTCP, an answer to our consent check,
 *     or the peer's own consent check until ours take over, and for good over TCP) for this long is closed (RFC 7675 §5.1: consent expires after
 *     30 s). Consent is checked every sixth of it, at most every 5 s
 * @param connectTimeout a session that never got a working pair is closed after this long
 * @param loopbackPeersOnly accept ICE checks (and so media) only from 127.0.0.0/8 and ::1: for tests, where a browser
 *     would otherwise also pair its other interfaces' candidates with our 127.0.0.1 one
 */
public record IceConfig(List<InetAddress> addresses, int udpPort, int tcpPort, String hostOverride,
        Duration peerTimeout, Duration connectTimeout, boolean loopbackPeersOnly) {

    public IceConfig {
        addresses = List.copyOf(addresses);
        Objects.requireNonNull(peerTimeout);
        Objects.requireNonNull(connectTimeout);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("ICE needs at least one local address");
        }
        if (udpPort < 0 && tcpPort < 0) {
            throw new IllegalArgumentException("ICE needs a UDP port, a TCP port, or both");
        }
    }

    /** Loopback only, ephemeral ports, both transports: what tests use. */
    public static IceConfig loopback() {
        return new IceConfig(List.of(InetAddress.getLoopbackAddress()), 0, 0, null, Duration.ofSeconds(30),
                Duration.ofSeconds(30), true);
    }

    public boolean udpEnabled() {
        return udpPort >= 0;
    }

    public boolean tcpEnabled() {
        return tcpPort >= 0;
    }

    public IceConfig withUdpPort(int port) {
        return new IceConfig(addresses, port, tcpPort, hostOverride, peerTimeout, connectTimeout, loopbackPeersOnly);
    }

    public IceConfig withTcpPort(int port) {
        return new IceConfig(addresses, udpPort, port, hostOverride, peerTimeout, connectTimeout, loopbackPeersOnly);
    }

    public IceConfig withPeerTimeout(Duration timeout) {
        return new IceConfig(addresses, udpPort, tcpPort, hostOverride, timeout, connectTimeout, loopbackPeersOnly);
    }

    public IceConfig withConnectTimeout(Duration timeout) {
        return new IceConfig(addresses, udpPort, tcpPort, hostOverride, peerTimeout, timeout, loopbackPeersOnly);
    }

    public IceConfig withLoopbackPeersOnly(boolean only) {
        return new IceConfig(addresses, udpPort, tcpPort, hostOverride, peerTimeout, connectTimeout, only);
    }

    /** Whether ICE may talk to this peer address under this configuration. */
    public boolean allowsPeer(InetAddress peer) {
        return !loopbackPeersOnly || peer.isLoopbackAddress();
    }

    public IceConfig withHostOverride(String host) {
        return new IceConfig(addresses, udpPort, tcpPort, host, peerTimeout, connectTimeout, loopbackPeersOnly);
    }
}
