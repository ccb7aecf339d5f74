package io.prochat.rtc.sfu.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Shared ports, per-session credentials and candidates, candidate lines. No browser: see EchoChromiumInteropTest. */
class IceSessionTest {
    static final IceSession.Handler IGNORE = new IceSession.Handler() {
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
    void sessionsShareOneUdpAndOneTcpPortWithTheirOwnCredentials() throws Exception {
        try (IcePorts ports = new IcePorts(IceConfig.loopback());
                IceSession a = new IceSession(ports, IGNORE);
                IceSession b = new IceSession(ports, IGNORE)) {
            assertThat(ports.udpPort()).isPositive();
            assertThat(ports.tcpPort()).isPositive();
            assertThat(a.localUfrag()).isNotEqualTo(b.localUfrag());
            assertThat(a.localPassword()).hasSizeGreaterThanOrEqualTo(22);
            for (IceSession s : List.of(a, b)) {
                assertThat(s.localCandidates()).extracting(IceCandidate::transport, IceCandidate::address,
                        IceCandidate::port, IceCandidate::type, IceCandidate::tcpType)
                        .containsExactlyInAnyOrder(
                                org.assertj.core.groups.Tuple.tuple("udp", "127.0.0.1", ports.udpPort(), "host", null),
                                org.assertj.core.groups.Tuple.tuple("tcp", "127.0.0.1", ports.tcpPort(), "host",
                                        "passive"));
            }
        }
    }

    /**
     * Our checks wait for the peer's first one (then our triggered check follows our answer to it), and start on
     * their own when it does not come. (That the peer's check starts them at once shows in the load runs' ICE phase,
     * docs/benchmarks.md; here only that a peer checking connects.)
     */
    @Test
    void ourChecksStartWithThePeersFirstCheckOrOnTheirOwnWithoutOne() throws Exception {
        try (IcePorts ports = new IcePorts(IceConfig.loopback().withTcpPort(-1));
                IceSession quiet = new IceSession(ports, IGNORE);
                IceSession checked = new IceSession(ports, IGNORE);
                RawIcePeer peer = RawIcePeer.udp(ports, checked)) {
            quiet.start("nobody", "nobody-password-0123456789");
            assertThat(quiet.checking()).isFalse(); // for IceSession.OWN_CHECKS_WITHOUT_PEER_MS
            peer.connect(checked, 10_000);
            assertThat(checked.checking()).isTrue();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (!quiet.checking() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(quiet.checking()).as("started without a check of the peer's").isTrue();
        }
    }

    @Test
    void hostOverrideAddsTheAnnouncedAddress() throws Exception {
        try (IcePorts ports = new IcePorts(IceConfig.loopback().withTcpPort(-1).withHostOverride("203.0.113.7"));
                IceSession s = new IceSession(ports, IGNORE)) {
            List<IceCandidate> candidates = s.localCandidates();
            assertThat(candidates).extracting(IceCandidate::address).containsExactly("127.0.0.1", "203.0.113.7");
            assertThat(candidates.get(1).port()).isEqualTo(ports.udpPort());
            assertThat(candidates.get(1).priority()).isLessThan(candidates.get(0).priority());
        }
    }

    @Test
    void udpOnlyAndTcpOnly() throws Exception {
        try (IcePorts ports = new IcePorts(IceConfig.loopback().withUdpPort(-1));
                IceSession s = new IceSession(ports, IGNORE)) {
            assertThat(ports.udpPort()).isEqualTo(-1);
            assertThat(s.localCandidates()).extracting(IceCandidate::transport).containsExactly("tcp");
        }
        assertThatThrownBy(() -> IceConfig.loopback().withUdpPort(-1).withTcpPort(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTakenPortIsReported() throws Exception {
        try (IcePorts first = new IcePorts(IceConfig.loopback().withTcpPort(-1))) {
            assertThatThrownBy(() -> new IcePorts(IceConfig.loopback().withTcpPort(-1).withUdpPort(first.udpPort())))
                    .isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void candidateLinesRoundTrip() {
        String chrome = "candidate:1407625279 1 tcp 1518214911 127.0.0.1 9 typ host tcptype active generation 0"
                + " ufrag PY6d network-id 3 network-cost 50";
        IceCandidate c = IceCandidate.parse(chrome);
        assertThat(c.transport()).isEqualTo("tcp");
        assertThat(c.port()).isEqualTo(9);
        assertThat(c.tcpType()).isEqualTo("active");
        assertThat(IceCandidate.parse("a=" + c.toSdpValue())).isEqualTo(c);
        IceCandidate udp = IceCandidate.parse("candidate:2907471019 1 udp 2122194687 127.0.0.1 46649 typ host");
        assertThat(udp.toSdpValue())
                .isEqualTo("candidate:2907471019 1 udp 2122194687 127.0.0.1 46649 typ host generation 0");
        assertThatThrownBy(() -> IceCandidate.parse("candidate:junk")).isInstanceOf(IllegalArgumentException.class);
    }
}
