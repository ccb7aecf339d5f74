package io.prochat.rtc.sfu.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UdpSenderTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @BeforeAll
    static void noCloudMetadata() {
        System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
    }

    /** The kernel behaviour the sender relies on: with SO_REUSEADDR on both, the socket bound last receives. */
    @Test
    void sendsFromTheMediaPortWhileTheSocketBoundAfterItReceivesEverything() throws Exception {
        try (UdpSender sender = UdpSender.bind(List.of(LOOPBACK), 0);
                DatagramSocket receiver = new DatagramSocket(null);
                DatagramSocket peer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            receiver.setReuseAddress(true);
            receiver.bind(new InetSocketAddress(LOOPBACK, sender.port()));
            receiver.setSoTimeout(2000);
            peer.setSoTimeout(2000);

            byte[] hello = "to the media port".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 20; i++) {
                peer.send(new DatagramPacket(hello, hello.length, new InetSocketAddress(LOOPBACK, sender.port())));
                DatagramPacket in = new DatagramPacket(new byte[100], 100);
                receiver.receive(in);
                assertThat(new String(in.getData(), 0, in.getLength(), StandardCharsets.UTF_8))
                        .isEqualTo("to the media port");
            }
            DatagramChannel ours = sender.channel(LOOPBACK);
            assertThat(ours.receive(ByteBuffer.allocate(100))).as("the send-only socket gets nothing").isNull();
            assertThat(sender.staysSendOnly()).isTrue();

            byte[] out = "media".getBytes(StandardCharsets.UTF_8);
            byte[] framed = new byte[out.length + 10];
            System.arraycopy(out, 0, framed, 3, out.length);
            assertThat(UdpSender.send(ours, framed, 3, out.length,
                    new InetSocketAddress(LOOPBACK, peer.getLocalPort()))).isTrue();
            DatagramPacket got = new DatagramPacket(new byte[100], 100);
            peer.receive(got);
            assertThat(new String(got.getData(), 0, got.getLength(), StandardCharsets.UTF_8)).isEqualTo("media");
            assertThat(got.getPort()).as("from the media port the ICE pair names").isEqualTo(sender.port());
        }
    }

    /** The self-check IcePorts runs: a socket of ours that does receive is caught. */
    @Test
    void aSenderThatReceivesIsCaught() throws Exception {
        try (UdpSender sender = UdpSender.bind(List.of(LOOPBACK), 0)) {
            assertThat(sender.staysSendOnly()).as("nothing else is bound: ours receives").isFalse();
        }
    }

    @Test
    void icePortsBindTheSenderAndIce4jOnOnePort() throws Exception {
        try (IcePorts ports = new IcePorts(IceConfig.loopback().withTcpPort(-1))) {
            UdpSender sender = ports.udpSender();
            assertThat(sender).isNotNull();
            assertThat(sender.port()).isEqualTo(ports.udpPort());
            assertThat(((InetSocketAddress) sender.channel(LOOPBACK).getLocalAddress()).getPort())
                    .isEqualTo(ports.udpPort());
            assertThat(sender.staysSendOnly()).as("ice4j's socket, bound after it, gets the port's datagrams").isTrue();
        }
    }
}
