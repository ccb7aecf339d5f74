package io.prochat.rtc.gateway.deploy;

import io.prochat.rtc.gateway.config.GatewayConfig;
import io.prochat.rtc.gateway.deploy.ProcNet.Proto;
import io.prochat.rtc.gateway.deploy.ProcNet.Socket;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The kernel's socket tables as text (copied in form from a Linux host), and the report built on them. */
class ProcNetTest {
    static final String TCP = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 0100007F:20FB 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4711 1 0000000000000000 100 0 0 10 0
               1: 00000000:01BB 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4712 1 0000000000000000 100 0 0 10 0
               2: 0100007F:A2C4 0100007F:1F6D 01 00000000:00000000 00:00000000 00000000  1000        0 4713 1 0000000000000000 20 4 30 10 -1
            """;
    static final String TCP6 = """
              sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000000000000000000000000000:1466 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000   110        0 5001 1 0000000000000000 100 0 0 10 0
               1: 00000000000000000000000001000000:1F6D 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 5002 1 0000000000000000 100 0 0 10 0
            """;
    static final String UDP = """
               sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
              512: 00000000:2710 00000000:0000 07 00000000:00000000 00:00000000 00000000   998        0 6001 2 0000000000000000 0
            garbage line
            """;

    @Test
    void parsesAddressesPortsStatesAndInodes() throws Exception {
        List<Socket> tcp = ProcNet.parse(TCP, Proto.TCP);
        assertEquals(3, tcp.size());
        assertEquals(new Socket(Proto.TCP, InetAddress.getByName("127.0.0.1"), 8443, true, 4711), tcp.get(0));
        assertEquals(new Socket(Proto.TCP, InetAddress.getByName("0.0.0.0"), 443, true, 4712), tcp.get(1));
        // an outgoing connection from an ephemeral port holds no port another server binds
        assertThat(tcp.get(2).listening()).isFalse();

        List<Socket> tcp6 = ProcNet.parse(TCP6, Proto.TCP);
        assertEquals(InetAddress.getByName("::"), tcp6.get(0).address());
        assertEquals(5222, tcp6.get(0).port());
        assertEquals(InetAddress.getByName("::1"), tcp6.get(1).address());
        assertEquals(8045, tcp6.get(1).port());

        List<Socket> udp = ProcNet.parse(UDP, Proto.UDP);
        assertEquals(List.of(new Socket(Proto.UDP, InetAddress.getByName("0.0.0.0"), 10000, true, 6001)), udp);
    }

    @Test
    void theReportNamesTakenPortsAndSuggestsTheFirstFreeOptionOfTheGuide() {
        List<Socket> all = new ArrayList<>();
        all.addAll(ProcNet.parse(TCP, Proto.TCP));
        all.addAll(ProcNet.parse(TCP6, Proto.TCP));
        all.addAll(ProcNet.parse(UDP, Proto.UDP));
        // no readable /proc/<pid>: owners unknown, which the report must say rather than guess
        SocketOwners none = SocketOwners.scan(Path.of("/nonexistent-proc"));

        PortCheck.Result r = new PortCheck(all, none).check(GatewayConfig.defaults(), "defaults");

        // defaults: API 127.0.0.1:8443 (taken), media 8045 udp (free) and tcp (::1 is taken, ICE binds everywhere)
        assertEquals(1, r.exitStatus());
        assertThat(r.text())
                .containsPattern("8443/tcp\\s+\\[HTTP\\] ServerPort \\(API\\)\\s+IN USE by a process this user cannot see")
                .containsPattern("8045/udp\\s+\\[RTC\\] ICEPortUDP \\(media\\)\\s+free")
                .containsPattern("8045/tcp\\s+\\[RTC\\] ICEPortTCP.*IN USE")
                .containsPattern("443/tcp\\s+Jitsi Meet HTTPS \\(nginx\\)\\s+IN USE")
                .containsPattern("5222/tcp.*IN USE.* on ::")
                .containsPattern("10000/udp\\s+videobridge media\\s+IN USE")
                .containsPattern("4443/tcp.*free")
                .contains("Cannot start: 8443/tcp, 8045/tcp are taken.")
                .contains("Option B (safest) (8444 + 8046) is free")
                .contains("ServerPort = 8444").contains("ICEPortUDP = 8046").contains("ICEPortTCP = 8046");
    }

    @Test
    void anApiOnAnotherAddressDoesNotCollideWithOnlyLoopback() {
        List<Socket> onlyLoopback = ProcNet.parse(TCP.lines().limit(2).reduce("", (a, b) -> a + b + "\n"), Proto.TCP);
        PortCheck check = new PortCheck(onlyLoopback, SocketOwners.scan(Path.of("/nonexistent-proc")));

        assertThat(check.holder(new PortCheck.Port(Proto.TCP, 8443, null, ""))).isPresent();
        assertThat(check.holder(new PortCheck.Port(Proto.TCP, 8443, PortCheck.apiAddress("127.0.0.2"), ""))).isEmpty();
        assertThat(check.holder(new PortCheck.Port(Proto.UDP, 8443, null, ""))).isEmpty();
    }
}
