package io.prochat.rtc.sfu.ice;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.harvest.AbstractUdpListener;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.ice.harvest.HarvestStatistics;
import org.ice4j.socket.IceSocketWrapper;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.stack.StunStack;
import org.ice4j.util.Buffer;

/**
 * The UDP side of the shared media port: one host candidate per session on one socket, demultiplexed by remote
 * address, a new remote address accepted only with a STUN Binding Request naming a session's local ufrag from an
 * address {@link IceConfig#allowsPeer} allows, up to {@link #MAX_REMOTES_PER_SESSION} per session (refusals
 * counted).
 *
 * <p>Why not ice4j's {@code SinglePortUdpHarvester}: it wraps each remote address's socket in a
 * {@code MultiplexingDatagramSocket} and a STUN-filtered socket, two more {@code DatagramSocket}s, each with a
 * 10,000-slot receive queue (2 × 40 KB of heap per session, half of what a session held at 2 × 200 listeners,
 * docs/benchmarks.md). With the push API on ({@link IcePorts}), ice4j's receive loop already hands every non-STUN
 * datagram to the session's component and queues only STUN on the per-address socket, so that socket goes to the
 * session's STUN stack as it is: nothing is left for the filters to do.
 *
 * <p>Threading: ice4j's receive thread, started inside the superclass constructor, calls
 * {@link #maybeAcceptNewSession}; ice4j's agents call {@link #harvest} and free their candidates on theirs.
 */
final class SharedPortUdpHarvester extends AbstractUdpListener implements CandidateHarvester {
    /**
     * Remote addresses one session may be reached from over its life. Each costs a socket and one of ice4j's STUN
     * reader threads, and a first request only has to name the session's ufrag (its MESSAGE-INTEGRITY is checked
     * later, by the STUN stack), which every participant knows of its own session: without a bound, one participant
     * sending from thousands of ports (or spoofed addresses) would take threads and memory from everyone. A browser
     * checks from one address per local candidate (host, IPv6, server-reflexive, relayed: a handful), and a few more
     * after network changes.
     */
    static final int MAX_REMOTES_PER_SESSION = 16;
    private final HarvestStatistics statistics = new HarvestStatistics();
    /** Null until the constructor ran: the receive thread may call in before (and then refuses). */
    private volatile Map<String, SessionCandidate> candidates;
    private volatile IceConfig config;
    private volatile LongAdder refused;

    /**
     * @param refused counts first STUN requests refused here (a refused address, a ufrag no session has, or a session
     *     at {@link #MAX_REMOTES_PER_SESSION})
     */
    SharedPortUdpHarvester(TransportAddress localAddress, IceConfig config, LongAdder refused) throws IOException {
        super(localAddress);
        this.candidates = new ConcurrentHashMap<>();
        this.refused = refused;
        this.config = config;
    }

    @Override
    protected MySocket maybeAcceptNewSession(Buffer buf, InetSocketAddress remoteAddress, String ufrag) {
        MySocket socket = accept(remoteAddress, ufrag);
        LongAdder counter = refused;
        if (socket == null && counter != null) {
            counter.increment();
        }
        return socket;
    }

    private MySocket accept(InetSocketAddress remoteAddress, String ufrag) {
        IceConfig c = config;
        Map<String, SessionCandidate> byUfrag = candidates;
        if (c == null || byUfrag == null || !c.allowsPeer(remoteAddress.getAddress())) {
            return null;
        }
        SessionCandidate candidate = byUfrag.get(ufrag);
        if (candidate == null || candidate.remotes() >= MAX_REMOTES_PER_SESSION) {
            return null; // no session has this ufrag (or it was freed), or it has all the addresses it may have
        }
        MySocket socket = null;
        try {
            socket = addSocket(remoteAddress, ufrag, candidate.getParentComponent());
            candidate.add(socket, remoteAddress);
            return socket;
        } catch (IOException | RuntimeException e) {
            if (socket != null) {
                socket.close(); // also takes it out of the listener's address map
            }
            return null;
        }
    }

    /** One candidate per agent: BUNDLE and rtcp-mux are required, so an agent has one stream with one component. */
    @Override
    public Collection<LocalCandidate> harvest(Component component) {
        IceMediaStream stream = component.getParentStream();
        Agent agent = stream.getParentAgent();
        if (stream.getComponentCount() != 1 || agent.getStreamCount() != 1) {
            return List.of();
        }
        SessionCandidate candidate = new SessionCandidate(getLocalAddress(), component, agent.getLocalUfrag());
        candidates.put(candidate.ufrag, candidate);
        component.addLocalCandidate(candidate);
        return List.of(candidate);
    }

    @Override
    public HarvestStatistics getHarvestStatistics() {
        return statistics;
    }

    @Override
    public boolean isHostHarvester() {
        return true;
    }

    /** Sessions with a candidate here (tests). */
    int sessions() {
        return candidates.size();
    }

    /**
     * A session's host candidate on the shared port: one socket per remote address that sent a valid first request,
     * registered with the session's STUN stack (which reads it on a thread of its own: ice4j's design).
     */
    private final class SessionCandidate extends HostCandidate {
        private final String ufrag;
        /** Guarded by itself. */
        private final Map<SocketAddress, IceSocketWrapper> sockets = new HashMap<>();
        private boolean freed;

        SessionCandidate(TransportAddress localAddress, Component component, String ufrag) {
            super(localAddress, component);
            this.ufrag = ufrag;
        }

        void add(MySocket socket, InetSocketAddress remoteAddress) throws IOException {
            Component component = getParentComponent();
            if (component == null) {
                throw new IOException("no parent component");
            }
            if (component.getParentStream().getParentAgent().getState() == IceProcessingState.FAILED) {
                throw new IOException("the agent failed");
            }
            IceSocketWrapper wrapper = new IceUdpSocketWrapper(socket);
            IceSocketWrapper replaced;
            synchronized (sockets) {
                if (freed) {
                    throw new IOException("candidate freed");
                }
                getStunStack().addSocket(wrapper, new TransportAddress(remoteAddress, Transport.UDP));
                replaced = sockets.put(remoteAddress, wrapper);
            }
            if (replaced != null) {
                replaced.close();
            }
        }

        /** Remote addresses with a socket here. */
        int remotes() {
            synchronized (sockets) {
                return sockets.size();
            }
        }

        @Override
        protected IceSocketWrapper getCandidateIceSocketWrapper(SocketAddress remoteAddress) {
            synchronized (sockets) {
                return sockets.get(remoteAddress);
            }
        }

        @Override
        public void free() {
            Map<SocketAddress, IceSocketWrapper> closing;
            synchronized (sockets) {
                if (freed) {
                    return;
                }
                freed = true;
                closing = new HashMap<>(sockets);
                sockets.clear();
            }
            candidates.remove(ufrag, this);
            StunStack stunStack = getStunStack();
            for (Map.Entry<SocketAddress, IceSocketWrapper> e : closing.entrySet()) {
                if (stunStack != null) {
                    // stops the STUN stack's reader of this socket
                    stunStack.removeSocket(getTransportAddress(),
                            new TransportAddress((InetSocketAddress) e.getKey(), Transport.UDP));
                }
                e.getValue().close();
            }
            super.free();
        }
    }
}
