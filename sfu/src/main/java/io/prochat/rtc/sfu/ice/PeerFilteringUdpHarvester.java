package io.prochat.rtc.sfu.ice;

import java.io.IOException;
import java.net.InetSocketAddress;

import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;
import org.ice4j.util.Buffer;

/**
 * ice4j's shared-port UDP harvester, refusing new remote addresses that {@link IceConfig#allowsPeer} rejects before
 * ice4j gives them a socket (a first STUN request from a refused address is dropped like one with an unknown ufrag).
 */
final class PeerFilteringUdpHarvester extends SinglePortUdpHarvester {
    private volatile IceConfig config;

    PeerFilteringUdpHarvester(TransportAddress localAddress, IceConfig config) throws IOException {
        super(localAddress);
        this.config = config;
    }

    /** Runs on ice4j's receive thread, which starts inside the superclass constructor: until then, refuse. */
    @Override
    protected MySocket maybeAcceptNewSession(Buffer buf, InetSocketAddress remoteAddress, String ufrag) {
        IceConfig c = config;
        if (c == null || !c.allowsPeer(remoteAddress.getAddress())) {
            return null;
        }
        return super.maybeAcceptNewSession(buf, remoteAddress, ufrag);
    }
}
