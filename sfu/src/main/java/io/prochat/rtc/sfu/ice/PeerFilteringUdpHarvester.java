package io.prochat.rtc.sfu.ice;

import java.io.IOException;
import java.net.InetSocketAddress;

import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;
import org.ice4j.util.Buffer;

/**
 * ice4j's shared-port UDP harvester, refusing new remote addresses that {@link IceConfig#allowsPeer} rejects before
 * ice4j gives them a socket (a first STUN request from a refused address is dropped like one with an unknown ufrag),
 * and counting both. Datagrams from an unknown address that are not STUN requests with a ufrag never get here: ice4j
 * drops them in its receive loop without a hook (see docs/metrics.md).
 */
final class PeerFilteringUdpHarvester extends SinglePortUdpHarvester {
    private volatile IceConfig config;
    private volatile java.util.concurrent.atomic.LongAdder refused;

    /** @param refused counts first STUN requests refused here (a refused address, or a ufrag no session has) */
    PeerFilteringUdpHarvester(TransportAddress localAddress, IceConfig config,
            java.util.concurrent.atomic.LongAdder refused) throws IOException {
        super(localAddress);
        this.refused = refused;
        this.config = config;
    }

    /** Runs on ice4j's receive thread, which starts inside the superclass constructor: until then, refuse. */
    @Override
    protected MySocket maybeAcceptNewSession(Buffer buf, InetSocketAddress remoteAddress, String ufrag) {
        IceConfig c = config;
        MySocket s = c == null || !c.allowsPeer(remoteAddress.getAddress()) ? null
                : super.maybeAcceptNewSession(buf, remoteAddress, ufrag);
        java.util.concurrent.atomic.LongAdder counter = refused;
        if (s == null && counter != null) {
            counter.increment();
        }
        return s;
    }
}
