package io.prochat.rtc.sfu.ice;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.TcpHarvester;

/**
 * ice4j's {@link TcpHarvester}, listening on exactly the addresses configured, through our {@link IceTcpListener}
 * instead of ice4j's accept and read threads (which bound neither how many connections wait for their first STUN
 * request nor for how long), and accepting connections only from peers {@link IceConfig#allowsPeer} allows. The stock
 * one also drops any local address its host-harvester policy refuses, loopback included, which would leave a
 * loopback-only SFU (tests, a reverse-proxied node) without a TCP candidate and without a listening socket.
 */
final class ConfiguredAddressTcpHarvester extends TcpHarvester {
    private volatile IceConfig config;
    private final IceTcpListener listener;
    /** Connections handed to sessions, by the session's local ufrag, until it lets them go or closes. */
    private final java.util.Map<String, java.util.List<Socket>> sockets = new java.util.concurrent.ConcurrentHashMap<>();

    ConfiguredAddressTcpHarvester(List<TransportAddress> addresses, IceConfig config, IceTcpListener.Limits limits)
            throws IOException {
        super(addresses);
        this.config = config;
        List<InetSocketAddress> bind = new ArrayList<>();
        for (TransportAddress a : localAddresses) {
            bind.add(new InetSocketAddress(a.getAddress(), a.getPort()));
        }
        this.listener = new IceTcpListener(bind, limits, config::allowsPeer, this::acceptSession);
    }

    /** Called by the superclass constructor, before anything of ours is initialised: uses only the argument. */
    @Override
    protected void addLocalAddresses(List<TransportAddress> transportAddresses) {
        localAddresses.addAll(transportAddresses);
    }

    /** ice4j's listening threads are never started: {@link IceTcpListener} listens instead. */
    @Override
    protected void init() {
    }

    /** Runs on the listener's thread; the connection is closed when this throws. */
    @Override
    protected void acceptSession(Socket socket, String ufrag, DatagramPacket pushback) throws IOException {
        IceConfig c = config;
        if (c == null || !c.allowsPeer(socket.getInetAddress())) {
            throw new IllegalStateException("ICE over TCP refused from " + socket.getInetAddress());
        }
        super.acceptSession(socket, ufrag, pushback);
        sockets.computeIfAbsent(ufrag, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(socket);
    }

    /** The connections session {@code ufrag} was handed, no longer tracked here. */
    java.util.List<Socket> take(String ufrag) {
        java.util.List<Socket> taken = sockets.remove(ufrag);
        return taken == null ? java.util.List.of() : taken;
    }

    long refused(TcpRefusal reason) {
        return listener.refused(reason);
    }

    int pending() {
        return listener.pending();
    }

    @Override
    public void close() {
        super.close();
        listener.close();
    }
}
