package io.prochat.rtc.sfu.ice;

import java.beans.PropertyChangeEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import org.ice4j.StunMessageEvent;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.UsernameAttribute;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidateTcpType;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.message.Message;
import org.ice4j.socket.IceSocketWrapper;
import org.ice4j.socket.MultiplexingSocket;
import org.ice4j.util.Buffer;
import org.ice4j.util.BufferPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ICE for one peer (RFC 8445) on the shared ports: one ice4j {@link Agent} with one stream and one component
 * (BUNDLE and rtcp-mux are required), always in the <em>controlled</em> role ({@link ControlledAgent}): the browser
 * offers first and controls, and a peer that also claims controlled is told to switch (487), never the other way.
 * Consent freshness (RFC 7675): on a UDP pair, once the agent has terminated (3 s after it selected the pair), our own
 * checks and answers ({@link ConsentFreshness}) replace ice4j's STUN stack and its per-socket threads; over TCP the
 * peer's checks, answered by ice4j, and the connection itself. Liveness is tracked so {@code Sfu} can close a session
 * whose peer vanished.
 * The peer counts as heard on an authenticated packet (its transport calls {@link #heard} after SRTP/SRTCP
 * authentication; a datagram merely arriving does not count, it may be spoofed), on an authenticated answer to our
 * consent check, and on its own authenticated Binding request on the selected pair while ice4j still has the pair's
 * STUN (over TCP: always; over UDP the peer's checks stop counting once ours take over, as one can be replayed): a
 * participant who only receives (muted, camera off) and whose browser sends no RTCP for a while still answers.
 *
 * <p>Threading model:
 * <ul>
 *   <li>UDP: the shared port's receive thread ({@link SharedPortUdpHarvester}) calls {@link Handler#onPacket}, through
 *       the agent's component, for every non-STUN datagram
 *       of this session (push API). The buffer is pooled, has tail room, and is valid only during the call.</li>
 *   <li>TCP: once ICE selects a TCP pair, one reader thread per session reads its RFC 4571 frames into one reused
 *       buffer and calls {@link Handler#onPacket} the same way.</li>
 *   <li>{@link #send} may be called from any thread and never waits for the peer: UDP sends on a selected pair
 *       go out through {@link UdpSender}'s non-blocking socket (a full send buffer drops); TCP sends are queued
 *       (bounded) for one writer thread per TCP connection ({@link TcpWriter}).</li>
 *   <li>{@link Handler#onConnected} and {@link Handler#onFailed} run on ice4j's threads and must be quick.</li>
 * </ul>
 */
public final class IceSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IceSession.class);

    /** What the session reports. Callbacks must not block. */
    public interface Handler {
        /** A non-STUN datagram: DTLS, SRTP or SRTCP (RFC 7983). {@code buf} has tail room after {@code off + len}. */
        void onPacket(byte[] buf, int off, int len);

        /** ICE has a selected pair: media can flow. Called once. */
        void onConnected(IceSession session);

        /**
         * The peer's first authenticated check arrived: its ICE agent runs with our credentials. Called at most once,
         * on ice4j's thread; must be quick.
         */
        default void onPeerChecked(IceSession session) {
        }

        /** ICE failed, or the selected TCP connection closed. Called at most once. */
        void onFailed(IceSession session, String reason);
    }

    private final IcePorts ports;
    private final Handler handler;
    private final Agent agent;
    private final IceMediaStream stream;
    private final Component component;
    private final AtomicBoolean connected = new AtomicBoolean();
    private final AtomicBoolean failed = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();
    /** Whether the agent's own checks have started ({@link #startChecks}). */
    private final AtomicBoolean checking = new AtomicBoolean();
    /**
     * When {@link #start} ran, and when the peer's first authenticated check came (0 = not yet: our checks wait for
     * it, and the connect log says when).
     */
    private volatile long startNanos;
    private volatile long firstPeerCheckNanos;
    private final List<IceCandidate> pendingRemote = new ArrayList<>();
    private final long createdNanos = System.nanoTime();
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile SendPath sendPath;
    private volatile boolean closed;
    private volatile Thread tcpReader;
    /** Our STUN on the selected UDP pair once the agent terminated; null before, and over TCP. */
    private volatile ConsentFreshness consent;
    /** Drops counted by TCP writers of earlier selected pairs. */
    private volatile long retiredTcpDrops;
    private final java.util.concurrent.atomic.AtomicLong roleConflicts = new java.util.concurrent.atomic.AtomicLong();

    public IceSession(IcePorts ports, Handler handler) throws IOException {
        this.ports = ports;
        this.handler = handler;
        this.agent = new ControlledAgent(this::roleConflict);
        agent.setUseDynamicPorts(false);
        // ice4j's own consent checks (keep-alives) are off process-wide (IcePorts): ConsentFreshness sends ours
        for (CandidateHarvester h : ports.harvesters()) {
            agent.addCandidateHarvester(h);
        }
        stream = agent.createMediaStream("media");
        component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_AND_TCP, false);
        component.setBufferCallback(this::onBuffer);
        agent.addStateChangeListener(this::onAgentStateChange);
        stream.addPairChangeListener(this::onPairChange);
        // beside ice4j's own connectivity-check server, which answers the request
        agent.getStunStack().addRequestListener(this::onStunRequest);
    }

    public String localUfrag() {
        return agent.getLocalUfrag();
    }

    public String localPassword() {
        return agent.getLocalPassword();
    }

    /**
     * Our host candidates: one per configured address and transport on the shared ports, and, when
     * {@link IceConfig#hostOverride()} is set, the same candidates again at that address (a public address in front
     * of a 1:1 NAT), one step lower in priority so a peer on the same network still prefers the local one.
     */
    public List<IceCandidate> localCandidates() {
        String override = ports.config().hostOverride();
        List<IceCandidate> out = new ArrayList<>();
        List<IceCandidate> overridden = new ArrayList<>();
        for (LocalCandidate c : component.getLocalCandidates()) {
            CandidateTcpType tcpType = c.getTcpType();
            IceCandidate ic = new IceCandidate(c.getFoundation(), component.getComponentID(),
                    c.getTransport() == Transport.UDP ? "udp" : "tcp", c.getPriority(),
                    c.getTransportAddress().getHostAddress(), c.getTransportAddress().getPort(),
                    c.getType().toString().toLowerCase(Locale.ROOT),
                    tcpType == null ? null : tcpType.toString().toLowerCase(Locale.ROOT));
            out.add(ic);
            if (override != null && !override.equals(ic.address())) {
                overridden.add(new IceCandidate(ic.foundation() + "0", ic.component(), ic.transport(),
                        ic.priority() - 1, override, ic.port(), ic.type(), ic.tcpType()));
            }
        }
        out.addAll(overridden);
        return out;
    }

    /**
     * How long our agent waits for the peer's first check before it starts checking on its own. The peer always
     * checks (it knows our candidates from the answer), and a server's host candidate needs no check of ours to open a
     * path; but a check of ours that reaches the peer before its own check was answered does not help it nominate (a
     * Pion peer nominates when our check follows its success, else at its next 200 ms tick). Started from the peer's
     * first check, our triggered check follows our answer to it: the join's ICE phase had a median of 17–19 ms so,
     * against 28–30 (docs/benchmarks.md, "The join tail").
     */
    static final long OWN_CHECKS_WITHOUT_PEER_MS = 400;

    /**
     * Sets the peer's credentials; candidates already added are used. Our checks start once the peer's first check
     * arrives (triggered checks then follow our answers to it), or after {@link #OWN_CHECKS_WITHOUT_PEER_MS}.
     */
    public void start(String remoteUfrag, String remotePassword) {
        startNanos = System.nanoTime();
        stream.setRemoteUfrag(remoteUfrag);
        stream.setRemotePassword(remotePassword);
        synchronized (pendingRemote) {
            for (IceCandidate c : pendingRemote) {
                RemoteCandidate rc = toRemote(c);
                if (rc != null) {
                    component.addRemoteCandidate(rc);
                }
            }
            pendingRemote.clear();
            started.set(true);
        }
        if (firstPeerCheckNanos != 0) {
            startChecks();
        } else {
            try {
                ports.timer().schedule(this::startChecks, OWN_CHECKS_WITHOUT_PEER_MS,
                        java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                startChecks(); // the ports are closing
            }
        }
    }

    private void startChecks() {
        if (!closed && started.get() && checking.compareAndSet(false, true)) {
            agent.startConnectivityEstablishment();
        }
    }

    /**
     * The peer restarted ICE on its side: a later answer of its carries a new ufrag and password (Pion 3.1.56 does
     * so when our offer reaches it before its transport took our first answer's credentials). Our checks from now on
     * use the new ones; ours stay. The peer's next check triggers one of ours on its pair (RFC 8445 §7.3.1.4), so the
     * session connects without an ICE restart of our own. Returns whether they changed; ignored before {@link #start}.
     */
    public boolean updateRemoteCredentials(String remoteUfrag, String remotePassword) {
        synchronized (pendingRemote) {
            if (!started.get() || remoteUfrag == null || remotePassword == null
                    || remoteUfrag.equals(stream.getRemoteUfrag()) && remotePassword.equals(stream.getRemotePassword())) {
                return false;
            }
            stream.setRemoteUfrag(remoteUfrag);
            stream.setRemotePassword(remotePassword);
        }
        LOG.info("ICE {}: the peer restarted ICE, its new ufrag {}", localUfrag(), remoteUfrag);
        return true;
    }

    /**
     * A trickled remote candidate (RFC 8838). Candidates we cannot use are ignored: mDNS names, TCP active
     * candidates (port 9; the peer connects to us and is learned as peer-reflexive).
     */
    public void addRemoteCandidate(IceCandidate candidate) {
        synchronized (pendingRemote) {
            if (!started.get()) {
                pendingRemote.add(candidate);
                return;
            }
        }
        RemoteCandidate rc = toRemote(candidate);
        if (rc != null) {
            component.addUpdateRemoteCandidates(rc);
            component.updateRemoteCandidates();
        }
    }

    private RemoteCandidate toRemote(IceCandidate c) {
        if (c.component() != 1 || c.address().endsWith(".local")) {
            return null;
        }
        if (c.isTcp() && !ports.config().tcpEnabled() || !c.isTcp() && !ports.config().udpEnabled()) {
            return null;
        }
        if (c.isTcp() && (c.port() == 9 || "active".equals(c.tcpType()))) {
            return null;
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(c.address()); // a literal: no lookup
        } catch (UnknownHostException e) {
            return null;
        }
        CandidateType type;
        switch (c.type()) {
            case "host":
                type = CandidateType.HOST_CANDIDATE;
                break;
            case "srflx":
                type = CandidateType.SERVER_REFLEXIVE_CANDIDATE;
                break;
            case "prflx":
                type = CandidateType.PEER_REFLEXIVE_CANDIDATE;
                break;
            case "relay":
                type = CandidateType.RELAYED_CANDIDATE;
                break;
            default:
                return null;
        }
        TransportAddress ta = new TransportAddress(address, c.port(), c.isTcp() ? Transport.TCP : Transport.UDP);
        RemoteCandidate rc = new RemoteCandidate(ta, component, type, c.foundation(), c.priority(), null);
        if (c.isTcp()) {
            rc.setTcpType(CandidateTcpType.parse(c.tcpType() == null ? "passive" : c.tcpType()));
        }
        return rc;
    }

    /** Whether ICE has selected a pair. */
    public boolean isConnected() {
        return connected.get();
    }

    /** "udp" or "tcp" once connected, else null. */
    public String selectedTransport() {
        SendPath p = sendPath;
        return p == null ? null : (p.tcpOut != null ? "tcp" : "udp");
    }

    /**
     * Nanoseconds since we last heard from the peer: authenticated media or RTCP ({@link #heard}), an answer to our
     * consent check, or the peer's own consent check on the selected pair.
     */
    public long silentNanos() {
        return System.nanoTime() - lastHeardNanos;
    }

    /**
     * The peer proved it is there: a packet from it authenticated (SRTP/SRTCP), called by the transport after
     * decrypting. Arriving is not enough: anyone who learns the address pair can send datagrams to it, and spoofed
     * ones must not keep a dead session alive (issue 11, item 8).
     */
    public void heard() {
        lastHeardNanos = System.nanoTime();
    }

    /** Nanoseconds since this session was created. */
    public long ageNanos() {
        return System.nanoTime() - createdNanos;
    }

    /**
     * Sends one datagram to the peer over the selected pair; never blocks on the peer. Before a pair is selected,
     * ice4j's own (allocating) path uses the pair the last packet came from, which is what a DTLS server answering a
     * ClientHello needs. Over TCP the datagram is copied into this session's bounded send queue and written by its
     * writer thread: a peer that stops reading fills the queue, and what does not fit is dropped and counted
     * ({@link #tcpQueueDrops()}), so the thread calling here (ice4j's shared UDP receive thread, a room's thread, the
     * reaper sending close_notify) is never held by a slow receiver.
     *
     * @return false when the datagram was dropped because the TCP send queue, or the UDP socket's send buffer, is full
     */
    public boolean send(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("ICE session closed");
        }
        SendPath p = sendPath;
        if (p == null) {
            component.send(buf, off, len);
            return true;
        }
        return p.send(buf, off, len);
    }

    /** Datagrams dropped because the TCP send queue was full (a peer that reads too slowly, or not at all). */
    public long tcpQueueDrops() {
        SendPath p = sendPath;
        return retiredTcpDrops + (p == null || p.writer == null ? 0 : p.writer.drops());
    }

    /** Whether the agent's own checks have started (tests). */
    boolean checking() {
        return checking.get();
    }

    /** Whether STUN on the selected pair is ours now, not ice4j's (tests). */
    boolean stunTakenOver() {
        return consent != null;
    }

    /** Whether our agent is controlling: never, by construction ({@link ControlledAgent}); for tests and logs. */
    public boolean isControlling() {
        return agent.isControlling();
    }

    /**
     * Role conflicts seen in this session: the peer's Binding requests that also claimed controlled (answered 487 by
     * ice4j) and 487 answers to our own checks (we stay controlled and check again).
     */
    public long roleConflicts() {
        return roleConflicts.get();
    }

    private void roleConflict() {
        roleConflicts.incrementAndGet();
        ports.roleConflict();
        LOG.debug("ICE {}: role conflict, the peer also claims controlled; we stay controlled", agent.getLocalUfrag());
    }

    // ---- ice4j callbacks ----------------------------------------------------------------------------------

    private void onBuffer(Buffer buffer) {
        try {
            if (!closed) {
                handler.onPacket(buffer.getBuffer(), buffer.getOffset(), buffer.getLength());
            }
        } finally {
            BufferPool.returnBuffer.invoke(buffer);
        }
    }

    private void onAgentStateChange(PropertyChangeEvent e) {
        Object state = e.getNewValue();
        if (state == IceProcessingState.COMPLETED) {
            selectPath();
        } else if (state == IceProcessingState.FAILED) {
            fail("ICE failed");
        } else if (state == IceProcessingState.TERMINATED) {
            if (connected.get()) {
                takeOverStun();
            } else {
                fail("ICE terminated without a selected pair");
            }
        }
    }

    private void onPairChange(PropertyChangeEvent e) {
        String name = e.getPropertyName();
        if (IceMediaStream.PROPERTY_PAIR_CONSENT_FRESHNESS_CHANGED.equals(name)) {
            lastHeardNanos = System.nanoTime();
        } else if (IceMediaStream.PROPERTY_PAIR_NOMINATED.equals(name)
                || IceMediaStream.PROPERTY_PAIR_VALIDATED.equals(name)) {
            selectPath();
        }
    }

    /**
     * A Binding request the STUN stack has already authenticated (it checks MESSAGE-INTEGRITY when present, so we
     * insist on one). The peer's first one starts our own checks. On the selected pair it is the peer's consent check
     * (RFC 7675 §5.1; browsers send one every few seconds), which shows the peer is there while it sends no media:
     * over TCP for the whole call (ice4j keeps its STUN, and we send no consent checks there; a TCP connection cannot
     * be replayed into), over UDP until {@link ConsentFreshness} takes over 3 s after ICE. Runs on ice4j's STUN
     * thread; never throws into the stack.
     */
    private void onStunRequest(StunMessageEvent e) {
        SendPath p = sendPath;
        Message m = e.getMessage();
        if (closed || m.getMessageType() != Message.BINDING_REQUEST
                || !m.containsAttribute(Attribute.MESSAGE_INTEGRITY)
                || !(m.getAttribute(Attribute.USERNAME) instanceof UsernameAttribute u)) {
            return;
        }
        String username = new String(u.getUsername(), StandardCharsets.UTF_8);
        if (!username.startsWith(localUfrag() + ":")) {
            return;
        }
        if (m.containsAttribute(Attribute.ICE_CONTROLLED)) {
            roleConflict(); // ice4j's check server answers it 487: our tie-breaker is the largest there is
        } else if (!checking.get()) {
            if (firstPeerCheckNanos == 0) {
                firstPeerCheckNanos = System.nanoTime();
                handler.onPeerChecked(this);
            }
            // ice4j's check server, a listener before us, has answered it: our checks (first the triggered one for
            // this pair, queued by the agent while it waited) now follow that answer
            startChecks();
        }
        TransportAddress from = e.getRemoteAddress();
        // on UDP this runs only until ConsentFreshness takes over (which counts only answers to its own checks)
        if (p != null && p.remote instanceof InetSocketAddress r
                && r.getPort() == from.getPort() && r.getAddress().equals(from.getAddress())) {
            lastHeardNanos = System.nanoTime();
        }
    }

    // CandidatePair.getIceSocketWrapper() is deprecated in ice4j, but it is the only public way to the pair's socket
    // (Component.send() does the same lookup internally, allocating per packet).
    @SuppressWarnings("deprecation")
    private synchronized void selectPath() {
        if (closed) {
            return;
        }
        CandidatePair pair = component.getSelectedPair();
        if (pair == null) {
            return;
        }
        SendPath current = sendPath;
        if (current != null && current.pair == pair) {
            return;
        }
        IceSocketWrapper socket = pair.getIceSocketWrapper();
        if (socket == null) {
            return;
        }
        SendPath path;
        try {
            path = new SendPath(pair, socket, ports.udpSender());
        } catch (IOException e) {
            LOG.debug("cannot use the selected pair {}: {}", pair.toShortString(), e.toString());
            return;
        }
        sendPath = path;
        if (current != null && current.writer != null) {
            retiredTcpDrops += current.writer.drops();
            current.writer.stop(); // the old pair's queue and connection: no longer used
        }
        lastHeardNanos = System.nanoTime();
        if (path.tcpOut != null) {
            path.writer.start("ice-tcp-out-" + localUfrag(), reason -> {
                if (!closed && sendPath == path) {
                    fail(reason);
                }
            });
            startTcpReader(path);
        }
        if (connected.compareAndSet(false, true)) {
            if (LOG.isDebugEnabled()) {
                long now = System.nanoTime();
                long started = startNanos;
                long peer = firstPeerCheckNanos;
                LOG.debug("ICE {} connected over {}: {} ms after start, the peer's first check at {}", localUfrag(),
                        selectedTransport(), started == 0 ? -1 : (now - started) / 1_000_000,
                        peer == 0 || started == 0 ? "none" : (peer - started) / 1_000_000 + " ms");
            }
            handler.onConnected(this);
        }
    }

    /**
     * Once the agent has terminated (it checks no more, and answers only on the selected pair), the selected UDP
     * pair's STUN moves from ice4j's stack to {@link ConsentFreshness}, and the stack's sockets and their reader
     * threads go ({@link SharedPortUdpHarvester}). A TCP pair stays with ice4j: its connection has a reader anyway.
     */
    private synchronized void takeOverStun() {
        SendPath path = sendPath;
        if (closed || consent != null || path == null) {
            return;
        }
        if (path.tcpOut != null || !(path.remote instanceof InetSocketAddress remote)) {
            ports.releaseUdp(localUfrag()); // ICE is over on TCP: the UDP port's sockets and readers can go
            return;
        }
        ConsentFreshness c = new ConsentFreshness(localUfrag(), localPassword(), stream::getRemoteUfrag,
                stream::getRemotePassword, path.pair.getLocalCandidate().getPriority(), ControlledAgent.TIE_BREAKER,
                remote, ConsentFreshness.interval(ports.config().peerTimeout()),
                (buf, off, len) -> {
                    SendPath p = sendPath;
                    return !closed && p != null && p.send(buf, off, len);
                },
                new ConsentFreshness.Listener() {
                    @Override
                    public void heard() {
                        lastHeardNanos = System.nanoTime();
                    }

                    @Override
                    public void roleConflict() {
                        IceSession.this.roleConflict();
                    }

                    @Override
                    public void rejected() {
                        ports.stunRejected();
                    }
                });
        if (ports.takeOverStun(path.pair.getLocalCandidate().getBase().getTransportAddress(), localUfrag(), remote,
                c)) {
            consent = c;
            c.start(ports.timer());
            ports.releaseTcp(localUfrag(), agent.getStunStack());
            if (closed) {
                c.stop(); // close() ran meanwhile and may have read consent before it was set
            }
            LOG.debug("ICE {}: STUN on the selected pair {} is ours now", localUfrag(), remote);
        }
    }

    private void startTcpReader(SendPath path) {
        Thread t = new Thread(() -> readTcp(path), "ice-tcp-" + localUfrag());
        t.setDaemon(true);
        tcpReader = t;
        t.start();
    }

    /** One loop per TCP connection: RFC 4571 frames into one reused buffer. */
    private void readTcp(SendPath path) {
        byte[] buf = new byte[IceBuffers.BUFFER_SIZE];
        DatagramPacket packet = new DatagramPacket(buf, IceBuffers.MAX_DATAGRAM);
        while (!closed && sendPath == path) {
            try {
                packet.setData(buf, 0, IceBuffers.MAX_DATAGRAM);
                path.socket.receive(packet);
                int len = packet.getLength();
                if (len <= 0 || isStun(buf, packet.getOffset(), len)) {
                    continue; // STUN is ice4j's (its stack reads through its own filtered socket)
                }
                handler.onPacket(buf, packet.getOffset(), len);
            } catch (IOException | RuntimeException e) {
                if (!closed && sendPath == path) {
                    fail("TCP connection ended: " + e.getMessage());
                }
                return;
            }
        }
    }

    private static boolean isStun(byte[] b, int off, int len) {
        return len >= 20 && (b[off] & 0xC0) == 0 && (b[off + 4] & 0xFF) == 0x21 && (b[off + 5] & 0xFF) == 0x12
                && (b[off + 6] & 0xFF) == 0xA4 && (b[off + 7] & 0xFF) == 0x42;
    }

    private void fail(String reason) {
        if (!closed && failed.compareAndSet(false, true)) {
            LOG.debug("ICE {} failed: {}", localUfrag(), reason);
            handler.onFailed(this, reason);
        }
    }

    /** Frees the agent: its candidates leave the shared ports' ufrag tables and its sockets close. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ConsentFreshness c = consent;
        if (c != null) {
            c.stop();
        }
        ports.forgetTcp(localUfrag());
        try {
            agent.free();
        } catch (RuntimeException e) {
            LOG.debug("agent free: {}", e.toString());
        }
        Thread t = tcpReader;
        if (t != null) {
            t.interrupt();
        }
        SendPath p = sendPath;
        if (p != null && p.writer != null) {
            p.writer.stop();
        }
    }

    /**
     * The socket and address of the selected pair, with the reusable objects for sending. UDP sends go through
     * {@link UdpSender}'s socket on the pair's local address (ice4j's pair socket, with one reused packet under a
     * lock, only when there is none). TCP sends go to a
     * {@link TcpWriter}, which writes each RFC 4571 frame (length and payload) in one write to the raw stream on its
     * own thread (one write, so frames never interleave with ice4j's own STUN writes, which are also single writes).
     */
    private static final class SendPath {
        final CandidatePair pair;
        final IceSocketWrapper socket;
        final SocketAddress remote;
        final DatagramPacket packet;
        final OutputStream tcpOut;
        final TcpWriter writer;
        /** UDP: the media path's own send socket on the pair's local address ({@link UdpSender}), or null. */
        final java.nio.channels.DatagramChannel channel;

        SendPath(CandidatePair pair, IceSocketWrapper socket, UdpSender sender) throws IOException {
            this.pair = pair;
            this.socket = socket;
            this.remote = pair.getRemoteCandidate().getTransportAddress();
            if (pair.getLocalCandidate().getTransport() == Transport.UDP) {
                this.packet = new DatagramPacket(new byte[0], 0, 0, remote);
                this.tcpOut = null;
                this.writer = null;
                this.channel = sender == null ? null
                        : sender.channel(pair.getLocalCandidate().getBase().getTransportAddress().getAddress());
            } else {
                this.channel = null;
                this.packet = null;
                java.net.Socket tcp = socket.getTCPSocket();
                if (tcp instanceof MultiplexingSocket) {
                    // the raw stream: we write the RFC 4571 length ourselves
                    this.tcpOut = ((MultiplexingSocket) tcp).getOriginalOutputStream();
                    this.writer = new TcpWriter(tcpOut, tcp, true, TcpWriter.DEFAULT_SLOTS);
                } else {
                    this.tcpOut = tcp.getOutputStream(); // an ice4j stream that frames (and allocates) itself
                    this.writer = new TcpWriter(tcpOut, tcp, false, TcpWriter.DEFAULT_SLOTS);
                }
            }
        }

        boolean send(byte[] buf, int off, int len) throws IOException {
            if (writer != null) {
                return writer.offer(buf, off, len);
            }
            if (channel != null) {
                return UdpSender.send(channel, buf, off, len, (InetSocketAddress) remote);
            }
            synchronized (this) {
                packet.setData(buf, off, len);
                packet.setSocketAddress(remote);
                socket.send(packet);
            }
            return true;
        }
    }
}
