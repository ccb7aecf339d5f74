package io.prochat.rtc.sfu.ice;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.Socket;
import java.util.List;

import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.TcpHarvester;

/**
 * ice4j's {@link TcpHarvester}, listening on exactly the addresses configured and accepting connections only from
 * peers {@link IceConfig#allowsPeer} allows. The stock one drops any local address its host-harvester policy refuses,
 * loopback included, which would leave a loopback-only SFU (tests, a reverse-proxied node) without a TCP candidate and
 * without a listening socket.
 */
final class ConfiguredAddressTcpHarvester extends TcpHarvester {
    private volatile IceConfig config;

    ConfiguredAddressTcpHarvester(List<TransportAddress> addresses, IceConfig config) throws IOException {
        super(addresses);
        this.config = config;
    }

    /** Called by the superclass constructor, before anything of ours is initialised: uses only the argument. */
    @Override
    protected void addLocalAddresses(List<TransportAddress> transportAddresses) {
        localAddresses.addAll(transportAddresses);
    }

    /** Runs on ice4j's TCP thread; ice4j closes the connection when this throws. */
    @Override
    protected void acceptSession(Socket socket, String ufrag, DatagramPacket pushback) throws IOException {
        IceConfig c = config;
        if (c == null || !c.allowsPeer(socket.getInetAddress())) {
            throw new IllegalStateException("ICE over TCP refused from " + socket.getInetAddress());
        }
        super.acceptSession(socket, ufrag, pushback);
    }
}
