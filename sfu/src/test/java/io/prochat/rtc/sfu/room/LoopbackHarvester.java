package io.prochat.rtc.sfu.room;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;

import org.ice4j.Transport;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.ice.harvest.HarvestStatistics;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.socket.MultiplexingDatagramSocket;

/**
 * One UDP host candidate on 127.0.0.1 for a synthetic peer's agent. ice4j's own host harvester skips loopback
 * interfaces, and the SFU's single-port harvester only answers checks, so a peer that must send checks first needs
 * its own socket; this wires it the way ice4j's host harvester does (candidate, STUN stack, component socket).
 */
public final class LoopbackHarvester implements CandidateHarvester {
    private final HarvestStatistics statistics = new HarvestStatistics();

    @Override
    public Collection<LocalCandidate> harvest(Component component) {
        try {
            MultiplexingDatagramSocket socket = new MultiplexingDatagramSocket(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            HostCandidate host = new HostCandidate(new IceUdpSocketWrapper(socket), component, Transport.UDP);
            component.addLocalCandidate(host);
            component.getParentStream().getParentAgent().getStunStack().addSocket(host.getStunSocket(null));
            component.getComponentSocket().add(host.getCandidateIceSocketWrapper());
            return List.of(host);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public HarvestStatistics getHarvestStatistics() {
        return statistics;
    }

    @Override
    public boolean isHostHarvester() {
        return true;
    }
}
