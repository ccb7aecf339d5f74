package io.prochat.rtc.sfu.ice;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.ice.harvest.TcpHarvester;

/**
 * The SFU's two shared media ports: one UDP port and one TCP port for every session, demultiplexed by the local ICE
 * username fragment in the first STUN Binding Request from each new remote address ({@link SharedPortUdpHarvester},
 * and ice4j's {@link TcpHarvester}).
 *
 * <p>Threading: one receive thread per bound UDP address hands every non-STUN datagram to the owning
 * {@link IceSession}, on that thread, and the session's transport copies it to its media worker at once (see
 * {@code MediaWorkers}); STUN goes to the session's ice4j agent while ICE runs, then to its {@link ConsentFreshness},
 * whose checks run on one timer thread for all sessions. TCP connections are accepted by one selector thread
 * ({@link IceTcpListener}: bounded in number and in how long they may wait for their first STUN request); after ICE
 * picks a TCP pair, its session reads that connection on a thread of its own.
 *
 * <p>The class initialiser sets what must be set before the first ice4j {@code Agent}: the AWS metadata probe off
 * (it would send an HTTP request to 169.254.169.254), ice4j's keep-alives off, and our buffer pool.
 */
public final class IcePorts implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IcePorts.class);
    /** How long close() waits for ice4j to release the TCP port (it polls its selector about once a second). */
    private static final java.time.Duration TCP_RELEASE_WAIT = java.time.Duration.ofSeconds(5);
    static {
        if (System.getProperty("ice4j.harvest.mapping.aws.enabled") == null) {
            System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
        }
        // No STUN mapping servers: ice4j's default list is empty, and we never set one.
        // ice4j's keep-alives (its consent checks once an agent completed) need the STUN stack's per-socket reader
        // threads, which go when the agent terminates; ConsentFreshness sends ours on the selected pair instead.
        if (System.getProperty(org.ice4j.StackProperties.NO_KEEP_ALIVES) == null) {
            System.setProperty(org.ice4j.StackProperties.NO_KEEP_ALIVES, "true");
        }
        IceBuffers.install();
    }

    private final IceConfig config;
    private final java.util.concurrent.atomic.LongAdder refusedStun = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder roleConflicts = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder stunRejected = new java.util.concurrent.atomic.LongAdder();
    /**
     * Every session's consent checks (ConsentFreshness, a few datagrams a second in all) and the start of its own
     * checks when the peer's first one does not come (IceSession): one thread.
     */
    private final java.util.concurrent.ScheduledThreadPoolExecutor timer;
    private final List<SharedPortUdpHarvester> udp = new ArrayList<>();
    /** The media path's sends on the UDP port (null without UDP). */
    private UdpSender sender;
    private final ConfiguredAddressTcpHarvester tcp;
    private final int udpPort;
    private final int tcpPort;
    private volatile int grantedReceiveBuffer = -1;
    private volatile int grantedSendBuffer = -1;

    /** Binds the ports now; fails when one is taken. */
    public IcePorts(IceConfig config) throws IOException {
        this(config, IceTcpListener.Limits.DEFAULT);
    }

    /** With other bounds on TCP connections that have not sent their first STUN request (tests). */
    IcePorts(IceConfig config, IceTcpListener.Limits tcpLimits) throws IOException {
        this.config = config;
        this.timer = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "ice-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        int boundUdp = -1;
        try {
            if (config.udpEnabled()) {
                int port = config.udpPort();
                if (port != 0) {
                    for (InetAddress address : config.addresses()) {
                        probeUdp(address, port);
                    }
                }
                // the send-only channels first: the socket bound last receives, and that must be the harvester's
                sender = UdpSender.bind(config.addresses(), port);
                port = sender.port(); // an ephemeral port, once chosen, is shared by all addresses
                for (InetAddress address : config.addresses()) {
                    udp.add(new SharedPortUdpHarvester(new TransportAddress(address, port, Transport.UDP), config,
                            refusedStun));
                }
                if (!sender.staysSendOnly()) {
                    LOG.warn("media UDP port {}: this kernel delivers datagrams to the media path's send socket, not"
                            + " to ice4j's; sending through ice4j instead (slower, and it may block)", port);
                    sender.close();
                    sender = null;
                }
                boundUdp = port;
            }
            ConfiguredAddressTcpHarvester t = null;
            int boundTcp = -1;
            if (config.tcpEnabled()) {
                InetAddress first = config.addresses().get(0);
                int port = config.tcpPort() != 0 ? config.tcpPort() : (boundUdp > 0 ? boundUdp : freeTcpPort(first));
                t = bindTcp(config, port, tcpLimits);
                if (t == null && config.tcpPort() == 0) {
                    // the UDP port number is taken for TCP: any free one
                    port = freeTcpPort(first);
                    t = bindTcp(config, port, tcpLimits);
                }
                if (t == null) {
                    throw new java.net.BindException("cannot bind the ICE TCP port " + port);
                }
                boundTcp = port;
            }
            this.tcp = t;
            this.udpPort = boundUdp;
            this.tcpPort = boundTcp;
        } catch (IOException | RuntimeException e) {
            udp.forEach(SharedPortUdpHarvester::close);
            if (sender != null) {
                sender.close();
            }
            timer.shutdownNow();
            throw e;
        }
    }

    /**
     * ice4j binds its pool of UDP sockets with SO_REUSEADDR, which on Linux lets a second process (or a second SFU in
     * this one) bind the same port silently and take its traffic. A plain bind first turns that into an error.
     */
    private static void probeUdp(InetAddress address, int port) throws java.net.BindException {
        try {
            bindUdpOnce(address, port);
        } catch (IOException e) {
            throw new java.net.BindException("ICE UDP port " + address.getHostAddress() + ":" + port + " is taken");
        }
    }

    private static ConfiguredAddressTcpHarvester bindTcp(IceConfig config, int port, IceTcpListener.Limits limits)
            throws IOException {
        List<TransportAddress> tas = new ArrayList<>();
        for (InetAddress a : config.addresses()) {
            tas.add(new TransportAddress(a, port, Transport.TCP));
        }
        try {
            return new ConfiguredAddressTcpHarvester(tas, config, limits);
        } catch (java.net.BindException e) {
            return null;
        }
    }

    private static int freeTcpPort(InetAddress address) throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, address)) {
            return s.getLocalPort();
        }
    }

    public IceConfig config() {
        return config;
    }

    /**
     * Asks for {@code bytes} of SO_RCVBUF on each UDP receive socket and of SO_SNDBUF on each send socket, and logs
     * what the kernel granted: Linux caps the request at {@code net.core.rmem_max} / {@code net.core.wmem_max}
     * (208 kB by default) and reports twice what it keeps for its own bookkeeping. A failure (an ice4j that moved its
     * sockets) is logged and leaves the OS defaults.
     */
    public void sizeUdpBuffers(int bytes) {
        for (SharedPortUdpHarvester h : udp) {
            try {
                SharedPortUdpHarvester.Granted g = h.sizeBuffers(bytes);
                grantedReceiveBuffer = grantedReceiveBuffer < 0 ? g.receive() : Math.min(grantedReceiveBuffer, g.receive());
                grantedSendBuffer = grantedSendBuffer < 0 ? g.send() : Math.min(grantedSendBuffer, g.send());
                boolean capped = g.receive() < bytes || g.send() < bytes;
                LOG.info("media UDP {}: asked for {} B of socket buffers, the kernel granted SO_RCVBUF {} B,"
                        + " SO_SNDBUF {} B{}", h.getLocalAddress(), bytes, g.receive(), g.send(), capped ? " (capped by net.core.rmem_max / wmem_max; raise them with"
                                + " sysctl -w net.core.rmem_max=" + bytes + " net.core.wmem_max=" + bytes + ")"
                                : "");
            } catch (java.io.IOException | RuntimeException e) {
                LOG.warn("media UDP {}: cannot size the socket buffers, the OS defaults stay: {}", h.getLocalAddress(),
                        e.toString());
            }
        }
        if (sender != null) { // the media path's own send sockets
            try {
                int granted = sender.sizeSendBuffers(bytes);
                grantedSendBuffer = grantedSendBuffer < 0 ? granted : Math.min(grantedSendBuffer, granted);
                LOG.info("media UDP port {}: the media path's send sockets were granted SO_SNDBUF {} B", udpPort,
                        granted);
            } catch (java.io.IOException | RuntimeException e) {
                LOG.warn("media UDP port {}: cannot size the media path's send buffers, the OS default stays: {}",
                        udpPort, e.toString());
            }
        }
    }

    /** SO_RCVBUF the kernel granted the UDP receive socket(s) (the smallest), or -1 when not sized. */
    public int udpReceiveBufferBytes() {
        return grantedReceiveBuffer;
    }

    /** SO_SNDBUF the kernel granted the UDP send sockets (the smallest), or -1 when not sized. */
    public int udpSendBufferBytes() {
        return grantedSendBuffer;
    }

    /** Sessions with a candidate on the UDP port (tests: a closed session must leave none behind). */
    int udpSessions() {
        return udp.stream().mapToInt(SharedPortUdpHarvester::sessions).sum();
    }

    /** The bound UDP port, or -1 without UDP. */
    public int udpPort() {
        return udpPort;
    }

    /** The bound TCP port, or -1 without TCP. */
    public int tcpPort() {
        return tcpPort;
    }

    List<CandidateHarvester> harvesters() {
        List<CandidateHarvester> all = new ArrayList<>(udp);
        if (tcp != null) {
            all.add(tcp);
        }
        return all;
    }

    /** ICE role conflicts in all sessions: a peer that also claimed controlled (see {@link ControlledAgent}). */
    public long iceRoleConflicts() {
        return roleConflicts.sum();
    }

    void roleConflict() {
        roleConflicts.increment();
    }

    /**
     * Datagrams on the UDP port from addresses no session has: first STUN requests no session took (a ufrag nobody
     * has, an address {@link IceConfig#allowsPeer} refuses, a session that has all the remote addresses it may have,
     * {@link SharedPortUdpHarvester#MAX_REMOTES_PER_SESSION}, or whose ICE is over: only its selected pair is answered
     * then), and anything else from them.
     */
    public long refusedStunRequests() {
        return refusedStun.sum();
    }

    /**
     * STUN on established UDP pairs (past ICE, {@link ConsentFreshness}) that was dropped: without the session's
     * credentials, an answer to no check of ours, or not a Binding request or answer.
     */
    public long rejectedStun() {
        return stunRejected.sum();
    }

    void stunRejected() {
        stunRejected.increment();
    }

    /** Connections to the TCP port closed before they reached a session, by why (0 without TCP). */
    public long tcpRefused(TcpRefusal reason) {
        return tcp == null ? 0 : tcp.refused(reason);
    }

    /** Connections to the TCP port that have not sent their first STUN request yet. */
    public int tcpPending() {
        return tcp == null ? 0 : tcp.pending();
    }

    /** Byte arrays ice4j had to allocate beyond the warm pool (flat in steady state). */
    public static long bufferAllocations() {
        return IceBuffers.allocated();
    }

    /** The sessions' timer: consent checks, and own checks when the peer's do not come. */
    java.util.concurrent.ScheduledExecutorService timer() {
        return timer;
    }

    /** Hands a session's STUN on its selected pair to {@code handler} (see {@link SharedPortUdpHarvester#takeOver}). */
    boolean takeOverStun(TransportAddress local, String ufrag, java.net.InetSocketAddress remote,
            SharedPortUdpHarvester.StunHandler handler) {
        SharedPortUdpHarvester owner = null;
        for (SharedPortUdpHarvester h : udp) {
            if (h.getLocalAddress().equals(local)) {
                owner = h;
            }
        }
        if (owner == null || !owner.takeOver(ufrag, remote, handler)) {
            return false;
        }
        for (SharedPortUdpHarvester h : udp) {
            if (h != owner) {
                h.release(ufrag); // the session's other addresses (IPv6 beside IPv4): ICE is over there too
            }
        }
        return true;
    }

    /**
     * ICE is over for session {@code ufrag} on UDP: its TCP connections (a browser also checks over ICE-TCP) leave its
     * STUN stack, whose reader of each ends and closes it. ice4j takes no new connection for it after ICE either.
     */
    void releaseTcp(String ufrag, org.ice4j.stack.StunStack stunStack) {
        if (tcp == null) {
            return;
        }
        for (java.net.Socket s : tcp.take(ufrag)) {
            stunStack.removeSocket(new TransportAddress(s.getLocalAddress(), s.getLocalPort(), Transport.TCP),
                    new TransportAddress(s.getInetAddress(), s.getPort(), Transport.TCP));
            try {
                s.close(); // already closed by the reader's stop, unless ice4j keyed it otherwise
            } catch (IOException e) {
                LOG.debug("closing a released ICE-TCP connection: {}", e.toString());
            }
        }
    }

    /** Session {@code ufrag} closed: its TCP connections are no longer tracked (the agent closes them). */
    void forgetTcp(String ufrag) {
        if (tcp != null) {
            tcp.take(ufrag);
        }
    }

    /** ICE is over for session {@code ufrag} on another transport: its UDP sockets and their readers go. */
    void releaseUdp(String ufrag) {
        for (SharedPortUdpHarvester h : udp) {
            h.release(ufrag);
        }
    }

    /** Remote addresses with a route on the UDP port (tests). */
    int udpRoutes() {
        return udp.stream().mapToInt(SharedPortUdpHarvester::routes).sum();
    }

    /** The media path's sends on the UDP port, or null without UDP. */
    UdpSender udpSender() {
        return sender;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        udp.forEach(SharedPortUdpHarvester::close);
        if (sender != null) {
            sender.close();
        }
        if (udpPort > 0) {
            awaitPortFree(udpPort, IcePorts::bindUdpOnce);
        }
        if (tcp != null) {
            tcp.close();
            awaitPortFree(tcpPort, IcePorts::bindTcpOnce);
        }
    }

    /** One try at binding {@code port} on {@code address} the way a fresh start would; throws while it is taken. */
    @FunctionalInterface
    private interface BindProbe {
        void bind(InetAddress address, int port) throws IOException;
    }

    /**
     * Waits (up to {@link #TCP_RELEASE_WAIT}) until {@code probe} binds {@code port} on every address, so that close()
     * means "the ports are free" and a gateway restarted in the same process can bind them again. ice4j's TCP
     * harvester closes its listening sockets later, on its own accept thread; a UDP socket closed while ice4j's
     * receive thread is blocked reading it is released only when that read returns (the JDK closes a channel's
     * descriptor after its last blocked operation), and a start right after on the same UDP port found it taken (CI).
     */
    private void awaitPortFree(int port, BindProbe probe) {
        long deadline = System.nanoTime() + TCP_RELEASE_WAIT.toNanos();
        for (InetAddress address : config.addresses()) {
            while (System.nanoTime() < deadline) {
                try {
                    probe.bind(address, port);
                    break;
                } catch (IOException stillBound) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    private static void bindUdpOnce(InetAddress address, int port) throws IOException {
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(null)) {
            probe.setReuseAddress(false);
            probe.bind(new java.net.InetSocketAddress(address, port));
        }
    }

    private static void bindTcpOnce(InetAddress address, int port) throws IOException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(address, port));
        }
    }
}
