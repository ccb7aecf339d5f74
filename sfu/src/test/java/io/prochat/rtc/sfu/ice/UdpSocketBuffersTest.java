package io.prochat.rtc.sfu.ice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The media UDP sockets (the shared port's, and the media path's send-only ones) get the buffers asked for, up to the
 * kernel's cap. 1 MiB is under this host's and most hosts' rmem_max/wmem_max
 * only if raised; the assertion is that the sockets grew past the OS default (208 kB), as far as the cap allows.
 */
class UdpSocketBuffersTest {
    @Test
    void receiveAndSendSocketsAreSized() throws Exception {
        int capR = readInt("/proc/sys/net/core/rmem_max");
        int capW = readInt("/proc/sys/net/core/wmem_max");
        int ask = 1 << 20;
        try (IcePorts ports = new IcePorts(IceConfig.loopback().withTcpPort(-1))) {
            assertThat(ports.udpReceiveBufferBytes()).isEqualTo(-1);
            ports.sizeUdpBuffers(ask);
            assertThat(ports.udpReceiveBufferBytes()).isGreaterThanOrEqualTo(Math.min(ask, capR));
            assertThat(ports.udpSendBufferBytes()).isGreaterThanOrEqualTo(Math.min(ask, capW));
        }
    }

    private static int readInt(String path) throws Exception {
        return Integer.parseInt(java.nio.file.Files.readString(java.nio.file.Path.of(path)).trim());
    }
}
