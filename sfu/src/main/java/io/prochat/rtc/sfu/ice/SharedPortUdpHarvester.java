package io.prochat.rtc.sfu.ice;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
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
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.ice.harvest.HarvestStatistics;
import org.ice4j.socket.IceSocketWrapper;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.stack.StunStack;
import org.ice4j.util.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared media UDP port on one address: one receive thread for every session, demultiplexed by remote address.
 * A new remote address is accepted only with a STUN Binding Request naming a session's local ufrag, from an address
 * {@link IceConfig#allowsPeer} allows, up to {@link #MAX_REMOTES_PER_SESSION} per session (refusals counted).
 * Non-STUN datagrams go to the session's ice4j component (and from there to {@link IceSession}) on this thread;
 * STUN goes to the session's ice4j STUN stack while its agent runs, and to the session's own
 * {@link ConsentFreshness} once the agent has terminated ({@link #takeOver}).
 *
 * <p>Why our own receive loop and not ice4j's {@code AbstractUdpListener}: ice4j's STUN stack reads each remote
 * address's socket on a thread of its own ({@code IceConnector}), for the whole life of the session, and its listener
 * hands STUN to nothing else. That thread was most of what a connected participant cost in memory (about 0.14 MB,
 * its stack) and, with ice4j's executors, a large part of the upkeep of idle sessions (docs/benchmarks.md). Here the
 * STUN stack keeps its sockets only while ICE runs: once the agent terminates (ice4j then stops checking and answers
 * only on the selected pair), the sockets and their threads go, and the selected pair's STUN (consent checks both
 * ways) is handled on this thread without allocating a socket or a thread per session.
 *
 * <p>Threading: the receive thread calls into the component and the consent handlers; ice4j's agents call
 * {@link #harvest} and free their candidates on theirs; ice4j's STUN threads send through {@link StunSocket}.
 */
final class SharedPortUdpHarvester implements CandidateHarvester, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SharedPortUdpHarvester.class);
    /**
     * Remote addresses one session may be reached from while ICE runs. Each costs a socket and one of ice4j's STUN
     * reader threads, and a first request only has to name the session's ufrag (its MESSAGE-INTEGRITY is checked
     * later, by the STUN stack), which every participant knows of its own session: without a bound, one participant
     * sending from thousands of ports (or spoofed addresses) would take threads and memory from everyone. A browser
     * checks from one address per local candidate (host, IPv6, server-reflexive, relayed: a handful), and a few more
     * after network changes.
     */
    static final int MAX_REMOTES_PER_SESSION = 16;
    /** STUN datagrams waiting for ice4j's reader of one remote address; more are dropped (the peer retransmits). */
    private static final int STUN_QUEUE = 32;

    /** What takes a session's STUN on its selected pair once ice4j's agent has terminated. */
    interface StunHandler {
        /** On the receive thread; must not block. {@code buf} is valid only during the call. */
        void onStun(byte[] buf, int off, int len);
    }

    /** What the kernel granted when the buffers were sized: SO_RCVBUF and SO_SNDBUF of the port's socket. */
    record Granted(int receive, int send) {
    }

    private final HarvestStatistics statistics = new HarvestStatistics();
    private final TransportAddress localAddress;
    private final DatagramChannel channel;
    private final Thread receiver;
    private final Map<SocketAddress, Route> routes = new ConcurrentHashMap<>();
    private final Map<String, SessionCandidate> candidates = new ConcurrentHashMap<>();
    private final IceConfig config;
    private final LongAdder refused;
    private volatile boolean closed;
    /** Receive thread only. */
    private long lastWarnNanos;

    /**
     * Binds {@code localAddress} (with SO_REUSEADDR: {@link UdpSender}'s send-only channels, bound before, share the
     * port, and Linux delivers to the socket bound last, this one) and starts the receive thread.
     *
     * @param refused counts datagrams from addresses no session has: first STUN requests refused here (a refused
     *     address, a ufrag no session has, a session at {@link #MAX_REMOTES_PER_SESSION} or past ICE) and anything else
     */
    SharedPortUdpHarvester(TransportAddress localAddress, IceConfig config, LongAdder refused) throws IOException {
        this.config = config;
        this.refused = refused;
        DatagramChannel ch = DatagramChannel.open(); // the JDK's default family, as UdpSender's (see there)
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(new InetSocketAddress(localAddress.getAddress(), localAddress.getPort()));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        this.channel = ch;
        InetSocketAddress bound = (InetSocketAddress) ch.getLocalAddress();
        this.localAddress = new TransportAddress(localAddress.getAddress(), bound.getPort(), Transport.UDP);
        this.receiver = new Thread(this::receive, "ice-udp " + this.localAddress);
        receiver.setDaemon(true);
        receiver.start();
    }

    TransportAddress getLocalAddress() {
        return localAddress;
    }

    /** Asks for {@code bytes} of SO_RCVBUF and SO_SNDBUF on the port's socket; returns what the kernel granted. */
    Granted sizeBuffers(int bytes) throws IOException {
        channel.setOption(StandardSocketOptions.SO_RCVBUF, bytes);
        channel.setOption(StandardSocketOptions.SO_SNDBUF, bytes);
        return new Granted(channel.getOption(StandardSocketOptions.SO_RCVBUF),
                channel.getOption(StandardSocketOptions.SO_SNDBUF));
    }

    // ---- the receive loop ------------------------------------------------------------------------------------

    private void receive() {
        byte[] data = new byte[IceBuffers.BUFFER_SIZE];
        ByteBuffer in = ByteBuffer.wrap(data);
        while (!closed) {
            in.clear();
            in.limit(IceBuffers.MAX_DATAGRAM);
            SocketAddress from;
            try {
                from = channel.receive(in);
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException e) {
                if (closed) {
                    break;
                }
                long now = System.nanoTime();
                if (now - lastWarnNanos > 1_000_000_000L) { // at most one line a second if it persists
                    lastWarnNanos = now;
                    LOG.warn("media UDP {}: receive failed: {}", localAddress, e.toString());
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
                continue;
            }
            try {
                dispatch(data, in.position(), (InetSocketAddress) from);
            } catch (RuntimeException | Error e) {
                // one bad datagram, a bug in one session's handling, or no thread left for ice4j's STUN reader of a
                // new address: the port must go on for everyone
                LOG.warn("media UDP {}: dropped a datagram from {}: {}", localAddress, from, e.toString());
            }
        }
    }

    private void dispatch(byte[] data, int len, InetSocketAddress from) {
        boolean stun = StunBinding.isStun(data, 0, len);
        Route route = routes.get(from);
        if (route == null) {
            if (!stun) {
                if (!isProbe(data, len)) {
                    refused.increment(); // not from a peer that proved a ufrag
                }
                return;
            }
            route = accept(data, len, from);
            if (route == null) {
                refused.increment();
                return;
            }
        }
        if (stun) {
            route.onStun(data, len);
        } else {
            route.onMedia(data, len);
        }
    }

    /** The start-up check that {@link UdpSender}'s channels stay send-only: ours, not a stranger's. */
    private static boolean isProbe(byte[] data, int len) {
        return len == UdpSender.PROBE.length
                && java.util.Arrays.equals(data, 0, len, UdpSender.PROBE, 0, len);
    }

    private Route accept(byte[] data, int len, InetSocketAddress from) {
        if (closed || !config.allowsPeer(from.getAddress())
                || StunBinding.messageType(data, 0, len) != StunBinding.BINDING_REQUEST) {
            return null;
        }
        String username = StunBinding.username(data, 0, len);
        int colon = username == null ? -1 : username.indexOf(':');
        SessionCandidate candidate = colon <= 0 ? null : candidates.get(username.substring(0, colon));
        if (candidate == null) {
            return null; // no session has this ufrag (or it was freed)
        }
        try {
            return candidate.add(from);
        } catch (IOException | RuntimeException e) {
            LOG.debug("media UDP {}: no route for {}: {}", localAddress, from, e.toString());
            return null;
        }
    }

    // ---- what sessions and ice4j call -----------------------------------------------------------------------

    /** One candidate per agent: BUNDLE and rtcp-mux are required, so an agent has one stream with one component. */
    @Override
    public Collection<LocalCandidate> harvest(Component component) {
        IceMediaStream stream = component.getParentStream();
        Agent agent = stream.getParentAgent();
        if (closed || stream.getComponentCount() != 1 || agent.getStreamCount() != 1) {
            return List.of();
        }
        SessionCandidate candidate = new SessionCandidate(localAddress, component, agent.getLocalUfrag());
        candidates.put(candidate.ufrag, candidate);
        component.addLocalCandidate(candidate);
        return List.of(candidate);
    }

    /**
     * Hands the STUN of session {@code ufrag} from {@code remote} to {@code handler} from now on, and takes the
     * session's sockets away from its ice4j STUN stack (their reader threads end). Call once the agent has
     * terminated with {@code remote} as its selected pair. False when that session has no route from {@code remote}.
     */
    boolean takeOver(String ufrag, InetSocketAddress remote, StunHandler handler) {
        SessionCandidate candidate = candidates.get(ufrag);
        return candidate != null && candidate.takeOver(remote, handler);
    }

    /**
     * ICE is over for session {@code ufrag} and its selected pair is not on this address: its sockets here leave the
     * STUN stack (their reader threads end) and no new address is accepted for it.
     */
    void release(String ufrag) {
        SessionCandidate candidate = candidates.get(ufrag);
        if (candidate != null) {
            candidate.releaseAll();
        }
    }

    /** The socket ice4j's STUN sends through (and consent answers, when there is no {@link UdpSender}). */
    int send(byte[] buf, int off, int len, SocketAddress to) throws IOException {
        return channel.send(ByteBuffer.wrap(buf, off, len), to);
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

    /** Remote addresses with a route here (tests). */
    int routes() {
        return routes.size();
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close(); // wakes the receive thread
        } catch (IOException e) {
            LOG.debug("media UDP {}: close: {}", localAddress, e.toString());
        }
        for (Route r : new ArrayList<>(routes.values())) {
            r.closeSocket();
        }
        routes.clear();
    }

    // ---- per remote address ---------------------------------------------------------------------------------

    /** One remote address of one session. */
    private final class Route {
        final InetSocketAddress remote;
        final SessionCandidate candidate;
        /** ice4j's socket for this address; null once taken over. Guarded by the candidate's lock for writes. */
        volatile StunSocket socket;
        volatile StunHandler handler;

        Route(InetSocketAddress remote, SessionCandidate candidate) throws SocketException {
            this.remote = remote;
            this.candidate = candidate;
            this.socket = new StunSocket(remote);
        }

        void onStun(byte[] data, int len) {
            StunHandler h = handler;
            if (h != null) {
                h.onStun(data, 0, len);
                return;
            }
            StunSocket s = socket;
            if (s != null) {
                s.offer(data, len);
            }
        }

        void onMedia(byte[] data, int len) {
            Component component = candidate.getParentComponent();
            if (component == null) {
                return;
            }
            Buffer buf = IceBuffers.take(len + IceBuffers.TAIL_ROOM);
            System.arraycopy(data, 0, buf.getBuffer(), 0, len);
            buf.setOffset(0);
            buf.setLength(len);
            buf.setRemoteAddress(remote);
            component.handleBuffer(buf); // IceSession gives the buffer back to the pool
        }

        void closeSocket() {
            StunSocket s = socket;
            socket = null;
            if (s != null) {
                s.close();
            }
        }
    }

    /**
     * A session's host candidate on the shared port: one route per remote address that sent a valid first request,
     * its socket registered with the session's STUN stack while ICE runs.
     */
    private final class SessionCandidate extends HostCandidate {
        private final String ufrag;
        /** Guarded by itself. */
        private final Map<SocketAddress, Route> own = new HashMap<>();
        private boolean freed;
        private boolean takenOver;

        SessionCandidate(TransportAddress localAddress, Component component, String ufrag) {
            super(localAddress, component);
            this.ufrag = ufrag;
        }

        Route add(InetSocketAddress remote) throws IOException {
            Component component = getParentComponent();
            if (component == null) {
                throw new IOException("no parent component");
            }
            if (component.getParentStream().getParentAgent().getState() == IceProcessingState.FAILED) {
                throw new IOException("the agent failed");
            }
            synchronized (own) {
                if (freed || takenOver || own.size() >= MAX_REMOTES_PER_SESSION) {
                    // freed; or ICE is over (ice4j answered only the selected pair by then, and so do we); or this
                    // session has all the addresses it may have
                    return null;
                }
                Route route = new Route(remote, this);
                getStunStack().addSocket(route.socket.wrapper, new TransportAddress(remote, Transport.UDP));
                own.put(remote, route);
                routes.put(remote, route);
                return route;
            }
        }

        boolean takeOver(InetSocketAddress remote, StunHandler handler) {
            return endIce(remote, handler);
        }

        void releaseAll() {
            endIce(null, null);
        }

        /**
         * ICE is over: no new address is taken, every socket leaves the STUN stack, and every route goes but the one
         * from {@code keep} (none when null), whose STUN goes to {@code handler} from now on. False when freed, over
         * already, or without a route from {@code keep}.
         */
        private boolean endIce(InetSocketAddress keep, StunHandler handler) {
            List<Route> released;
            synchronized (own) {
                Route kept = keep == null ? null : own.get(keep);
                if (freed || takenOver || keep != null && kept == null) {
                    return false;
                }
                takenOver = true;
                released = new ArrayList<>(own.values());
                own.clear();
                for (Route r : released) {
                    if (r == kept) {
                        r.handler = handler;
                        own.put(r.remote, r);
                    } else {
                        routes.remove(r.remote, r);
                    }
                }
            }
            for (Route r : released) {
                release(r);
            }
            return true;
        }

        /** Stops the STUN stack's reader of the route's socket and closes it. */
        private void release(Route r) {
            StunStack stunStack = getStunStack();
            if (stunStack != null && r.socket != null) {
                stunStack.removeSocket(getTransportAddress(), new TransportAddress(r.remote, Transport.UDP));
            }
            r.closeSocket();
        }

        /** Remote addresses with a route here. */
        int remotes() {
            synchronized (own) {
                return own.size();
            }
        }

        @Override
        protected IceSocketWrapper getCandidateIceSocketWrapper(SocketAddress remoteAddress) {
            Route r;
            synchronized (own) {
                r = own.get(remoteAddress);
            }
            StunSocket s = r == null ? null : r.socket;
            return s == null ? null : s.wrapper;
        }

        @Override
        public void free() {
            List<Route> closing;
            synchronized (own) {
                if (freed) {
                    return;
                }
                freed = true;
                closing = new ArrayList<>(own.values());
                own.clear();
            }
            candidates.remove(ufrag, this);
            for (Route r : closing) {
                routes.remove(r.remote, r);
                r.handler = null;
                release(r);
            }
            super.free();
        }
    }

    /**
     * The socket ice4j's STUN stack reads and writes for one remote address while ICE runs: reads come from a small
     * queue this harvester's receive thread fills, writes go out through the shared port's socket. The JDK gives even
     * an unbound {@code DatagramSocket} a descriptor; it is closed with the route or when the session's STUN is taken
     * over.
     */
    private final class StunSocket extends DatagramSocket {
        private final InetSocketAddress remote;
        private final ArrayBlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(STUN_QUEUE);
        final IceSocketWrapper wrapper;
        private volatile boolean socketClosed;

        StunSocket(InetSocketAddress remote) throws SocketException {
            super((SocketAddress) null);
            this.remote = remote;
            this.wrapper = new IceUdpSocketWrapper(this);
        }

        void offer(byte[] data, int len) {
            byte[] copy = java.util.Arrays.copyOf(data, len);
            if (!queue.offer(copy)) {
                queue.poll(); // the oldest goes: a retransmission of it is likely behind
                queue.offer(copy);
            }
        }

        @Override
        public void receive(DatagramPacket p) throws IOException {
            if (socketClosed) {
                throw new SocketException("Socket closed");
            }
            byte[] d;
            try {
                d = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SocketException("interrupted");
            }
            if (d.length == 0) {
                throw new SocketException("Socket closed"); // the wake-up close() queued
            }
            if (p.getData() == null || p.getData().length - p.getOffset() < d.length) {
                throw new IOException("packet buffer too small for a " + d.length + "-byte datagram");
            }
            System.arraycopy(d, 0, p.getData(), p.getOffset(), d.length);
            p.setLength(d.length);
            p.setSocketAddress(remote);
        }

        @Override
        public void send(DatagramPacket p) throws IOException {
            SharedPortUdpHarvester.this.send(p.getData(), p.getOffset(), p.getLength(), remote);
        }

        @Override
        public InetAddress getLocalAddress() {
            return localAddress.getAddress();
        }

        @Override
        public int getLocalPort() {
            return localAddress.getPort();
        }

        @Override
        public SocketAddress getLocalSocketAddress() {
            return localAddress;
        }

        @Override
        public SocketAddress getRemoteSocketAddress() {
            return remote;
        }

        @Override
        public InetAddress getInetAddress() {
            return remote.getAddress();
        }

        @Override
        public int getPort() {
            return remote.getPort();
        }

        @Override
        public boolean isClosed() {
            return socketClosed;
        }

        @Override
        public void close() {
            if (socketClosed) {
                return;
            }
            socketClosed = true;
            queue.clear();
            queue.offer(new byte[0]); // wakes ice4j's reader
            super.close();
        }
    }
}
