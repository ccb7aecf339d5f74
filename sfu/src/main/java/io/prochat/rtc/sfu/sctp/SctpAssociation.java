package io.prochat.rtc.sfu.sctp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SCTP association (RFC 9260) without I/O: {@link #receive} takes a packet from the peer, the public operations
 * take the current time, packets leave through the output callback, and the caller wakes it at
 * {@link #nextTimeoutNanos()} with {@link #handleTimeout}. Time is any monotonic nanosecond clock the caller chooses,
 * so tests drive it with a fake one.
 *
 * <p>Either side may start: {@link #connect} sends INIT; an association that has not connected answers an INIT
 * statelessly with a signed cookie (§5.1.3) and comes up on the COOKIE ECHO. An INIT crossing ours (both sides
 * connecting, as WebRTC peers may) is answered with our own tag, and whichever COOKIE arrives first completes it.
 *
 * <p>Not thread-safe: one caller at a time. Listener callbacks run at the end of the public call that caused them,
 * when the association is consistent again, so a listener may call {@link #send} or {@link #resetStreams}. Never
 * throws on peer input: what it cannot use is dropped and counted in {@link #counters()}.
 */
public final class SctpAssociation {
    private static final Logger LOG = LoggerFactory.getLogger(SctpAssociation.class);

    /** What the association tells its user. */
    public interface Listener {
        default void onConnected() {
        }

        void onMessage(SctpMessage message);

        /** The peer reset these of its outgoing streams (RFC 6525): WebRTC's way of closing a data channel. */
        default void onIncomingStreamsReset(int[] streams) {
        }

        /** Our request to reset these outgoing streams was performed by the peer. */
        default void onOutgoingStreamsReset(int[] streams) {
        }

        /** The association ended: by SHUTDOWN ({@code aborted} false), or ABORT, or too many timeouts. */
        default void onClosed(boolean aborted) {
        }
    }

    public enum State {
        CLOSED, COOKIE_WAIT, COOKIE_ECHOED, ESTABLISHED, SHUTDOWN_PENDING, SHUTDOWN_SENT, SHUTDOWN_RECEIVED,
        SHUTDOWN_ACK_SENT, TERMINATED
    }

    private final SctpConfig config;
    private final Consumer<byte[]> output;
    private final Listener listener;
    private final RandomGenerator random;
    private final SctpCounters counters = new SctpCounters();
    private final List<Chunk> control = new ArrayList<>();
    private final ArrayDeque<Runnable> events = new ArrayDeque<>();
    private final List<SctpMessage> delivered = new ArrayList<>();
    private boolean dispatching;
    private State state = State.CLOSED;
    private int localTag;
    private int localInitialTsn;
    private int peerTag;
    private boolean peerForwardTsn;
    private boolean peerReconfig;
    private int inboundStreams;
    private int outboundStreams;
    private Inbound inbound;
    private Outbound outbound;
    private boolean sackNeeded;
    private long t1 = Long.MAX_VALUE;
    private int t1Count;
    private Chunk t1Chunk;
    private long t2 = Long.MAX_VALUE;
    private int t2Count;
    private StreamResets resets;

    public SctpAssociation(SctpConfig config, Consumer<byte[]> output, Listener listener, RandomGenerator random) {
        this.config = config;
        this.output = output;
        this.listener = listener;
        this.random = random;
    }

    public State state() {
        return state;
    }

    public SctpCounters counters() {
        return counters;
    }

    public SctpConfig config() {
        return config;
    }

    /** Streams we may send on, once connected (the smaller of our and the peer's counts). */
    public int outboundStreams() {
        return outboundStreams;
    }

    /** Bytes of messages queued or in flight, not yet acknowledged. */
    public int bufferedBytes() {
        return outbound == null ? 0 : outbound.buffered();
    }

    /** Bytes of received data held for reassembly or ordering (bounded by the receive window plus one chunk). */
    int receiveHeldBytes() {
        return inbound == null ? 0 : inbound.held();
    }

    int receiveTrackedTsns() {
        return inbound == null ? 0 : inbound.tracked();
    }

    /** Sends INIT (§5.1): this side starts the association. Only from {@link State#CLOSED}. */
    public void connect(long now) {
        if (state != State.CLOSED) {
            return;
        }
        localTag = nonZero();
        localInitialTsn = random.nextInt();
        state = State.COOKIE_WAIT;
        t1Chunk = ourInit(null).toChunk(Chunk.INIT);
        t1Count = 0;
        t1 = now + config.rtoInitial().toNanos();
        emit(0, List.of(t1Chunk));
    }

    /**
     * Queues a message. False when it cannot be sent now: not connected, stream out of range, empty or larger than
     * the max message size, or the send buffer is full. Partial reliability ({@code maxRetransmits},
     * {@code lifetimeMillis} &ge; 0) applies only when the peer supports FORWARD TSN; -1 means unlimited.
     */
    public boolean send(int stream, int ppid, byte[] data, boolean unordered, int maxRetransmits, long lifetimeMillis,
            long now) {
        if (state != State.ESTABLISHED || stream < 0 || stream >= outboundStreams || data.length == 0
                || data.length > config.maxMessageSize()) {
            return false;
        }
        boolean queued = outbound.enqueue(stream, ppid, data, unordered, maxRetransmits,
                lifetimeMillis < 0 ? -1 : lifetimeMillis * 1_000_000L, now);
        finish(now);
        return queued;
    }

    /**
     * Resets our outgoing streams (RFC 6525 §5.1.2) after the data already queued on them; the peer resets its side
     * in turn. False when the peer does not support RE-CONFIG or we are not connected.
     */
    public boolean resetStreams(int[] streams, long now) {
        if (state != State.ESTABLISHED || !peerReconfig) {
            return false;
        }
        for (int s : streams) {
            if (s >= 0 && s < outboundStreams) {
                resets.request(s);
            }
        }
        finish(now);
        return true;
    }

    /**
     * The peer opened a new data channel on {@code stream} while our reset of it still waits for the peer's response
     * (RFC 8831 §6.7: a stream is reused only after both directions were reset, so the peer performed it; under loss
     * its response can come after, or never). Our SSNs on the request's streams restart at 0 now, as the peer
     * expects; the listener is told of the request's other streams only ({@code stream} belongs to the new channel).
     * Returns false when no request of ours covering {@code stream} was outstanding.
     */
    public boolean peerReusedStream(int stream) {
        int[] streams = resets == null ? null : resets.completeReused(stream);
        if (streams == null) {
            return false;
        }
        outbound.resetSsns(streams);
        int[] others = java.util.Arrays.stream(streams).filter(s -> s != stream).toArray();
        if (others.length > 0) {
            events.add(() -> listener.onOutgoingStreamsReset(others));
        }
        return true;
    }

    /** Graceful close (§9.2): SHUTDOWN once everything we queued is acknowledged. */
    public void shutdown(long now) {
        if (state == State.ESTABLISHED) {
            state = State.SHUTDOWN_PENDING;
            finish(now);
        } else if (state == State.CLOSED || state == State.COOKIE_WAIT || state == State.COOKIE_ECHOED) {
            terminate(false);
            dispatch();
        }
    }

    /** Sends ABORT (when the peer knows us) and ends at once (§9.1). */
    public void abort(long now) {
        if (state == State.TERMINATED) {
            return;
        }
        if (state != State.CLOSED && state != State.COOKIE_WAIT) {
            emit(peerTag, List.of(Chunk.of(Chunk.ABORT, new byte[0])));
        }
        terminate(true);
        dispatch();
    }

    /** When {@link #handleTimeout} should next run, or {@link Long#MAX_VALUE} for never. */
    public long nextTimeoutNanos() {
        long t3 = outbound == null || state == State.TERMINATED ? Long.MAX_VALUE : outbound.t3Deadline();
        long reset = resets == null ? Long.MAX_VALUE : resets.deadline();
        return Math.min(Math.min(t1, t2), Math.min(t3, reset));
    }

    /** Runs the timers due at {@code now}: T1-init/cookie, T3-rtx, T2-shutdown, RE-CONFIG retransmission. */
    public void handleTimeout(long now) {
        if (state == State.TERMINATED) {
            return;
        }
        try {
            timers(now);
        } catch (RuntimeException e) {
            LOG.warn("SCTP timer failed", e);
        }
        finish(now);
    }

    /** One packet from the peer. Never throws; drops what it cannot use. */
    public void receive(byte[] buf, int off, int len, long now) {
        if (state == State.TERMINATED) {
            return;
        }
        try {
            SctpPacket p = SctpPacket.parse(buf, off, len, counters);
            if (p != null) {
                process(p, now);
            }
        } catch (RuntimeException e) {
            counters.internalErrors.increment(); // a bug, not the peer's fault; the network thread must not die of it
            LOG.debug("SCTP packet processing failed", e);
        }
        finish(now);
    }

    // ---- inbound ------------------------------------------------------------------------------------------

    private void process(SctpPacket p, long now) {
        if (LOG.isTraceEnabled()) {
            LOG.trace("in  {} tag {} {}", state, Integer.toHexString(p.verificationTag()), describe(p.chunks()));
        }
        if (p.destinationPort() != config.port() || p.sourcePort() != config.port()) {
            counters.unexpected.increment();
            return;
        }
        List<Chunk> chunks = p.chunks();
        Chunk first = chunks.get(0);
        int tag = p.verificationTag();
        switch (first.type()) {
            case Chunk.INIT -> {
                if (chunks.size() != 1 || tag != 0) {
                    counters.malformed.increment(); // §6.10: INIT is never bundled; §8.5.1: its tag is 0
                } else {
                    onInit(first, now);
                }
                return;
            }
            case Chunk.ABORT, Chunk.SHUTDOWN_COMPLETE -> {
                boolean reflected = (first.flags() & Chunk.FLAG_T) != 0;
                if (state == State.CLOSED || tag != (reflected ? peerTag : localTag)) {
                    counters.badVerificationTag.increment();
                } else if (first.type() == Chunk.ABORT) {
                    terminate(true);
                } else if (state == State.SHUTDOWN_ACK_SENT) {
                    terminate(false);
                }
                return;
            }
            case Chunk.COOKIE_ECHO -> {
                if (!onCookieEcho(tag, first, now)) {
                    return;
                }
            }
            default -> {
                if (state == State.CLOSED || tag != localTag) {
                    counters.badVerificationTag.increment();
                    return;
                }
            }
        }
        if (tag != localTag) {
            counters.badVerificationTag.increment();
            return;
        }
        for (int i = first.type() == Chunk.COOKIE_ECHO ? 1 : 0; i < chunks.size(); i++) {
            if (!onChunk(chunks.get(i), now)) {
                break;
            }
        }
        if (resets != null) {
            resets.afterData(inbound.cumulativeTsn(), control);
        }
        if (sackNeeded) {
            sackNeeded = false;
            control.add(new Sack(inbound.cumulativeTsn(), inbound.advertisedWindow(), inbound.gapBlocks()).toChunk());
        }
        for (SctpMessage m : delivered) {
            events.add(() -> listener.onMessage(m));
        }
        delivered.clear();
    }

    /** False to stop processing the packet's remaining chunks. */
    private boolean onChunk(Chunk c, long now) {
        switch (c.type()) {
            case Chunk.DATA -> onData(c);
            case Chunk.SACK -> onSack(c, now);
            case Chunk.INIT_ACK -> onInitAck(c, now);
            case Chunk.COOKIE_ACK -> {
                if (state == State.COOKIE_ECHOED) {
                    established();
                }
            }
            case Chunk.HEARTBEAT -> control.add(Chunk.of(Chunk.HEARTBEAT_ACK, c.value()));
            case Chunk.HEARTBEAT_ACK, Chunk.ERROR -> {
                // we send no heartbeats; errors only report, and we act on none of them
            }
            case Chunk.ABORT -> {
                terminate(true);
                return false;
            }
            case Chunk.SHUTDOWN -> onShutdown(c, now);
            case Chunk.SHUTDOWN_ACK -> {
                if (state == State.SHUTDOWN_SENT || state == State.SHUTDOWN_ACK_SENT) {
                    emit(peerTag, List.of(Chunk.of(Chunk.SHUTDOWN_COMPLETE, new byte[0])));
                    terminate(false);
                    return false;
                }
                counters.unexpected.increment();
            }
            case Chunk.FORWARD_TSN -> onForwardTsn(c);
            case Chunk.RE_CONFIG -> onReConfig(c);
            case Chunk.INIT, Chunk.COOKIE_ECHO, Chunk.SHUTDOWN_COMPLETE -> {
                counters.malformed.increment(); // only ever first in a packet
                return false;
            }
            default -> {
                counters.unexpected.increment();
                return Chunk.skipIfUnknown(c.type());
            }
        }
        return true;
    }

    private void onInit(Chunk c, long now) {
        InitChunk init = InitChunk.parse(c);
        if (init == null) {
            counters.malformed.increment();
            return;
        }
        if (state != State.CLOSED && state != State.COOKIE_WAIT && state != State.COOKIE_ECHOED) {
            counters.unexpected.increment(); // no restart (§5.2.2): WebRTC peers do not restart associations
            return;
        }
        // CLOSED: tags made up now and kept nowhere but in the cookie. Crossing INITs: our own tag and TSN (§5.2.1).
        int tag = state == State.CLOSED ? nonZero() : localTag;
        int tsn = state == State.CLOSED ? random.nextInt() : localInitialTsn;
        StateCookie cookie = new StateCookie(now, tag, tsn, init.initiateTag(), init.initialTsn(),
                init.advertisedWindow(), init.outboundStreams(), init.inboundStreams(), init.forwardTsn(),
                init.reconfig());
        counters.initsAnswered.increment();
        InitChunk ack = new InitChunk(tag, config.receiveWindow(), config.maxStreams(), config.maxStreams(), tsn,
                cookie.sign(), true, true);
        emit(init.initiateTag(), List.of(ack.toChunk(Chunk.INIT_ACK)));
    }

    private void onInitAck(Chunk c, long now) {
        if (state != State.COOKIE_WAIT) {
            counters.unexpected.increment();
            return;
        }
        InitChunk ack = InitChunk.parse(c);
        if (ack == null || ack.cookie() == null) {
            counters.malformed.increment();
            return;
        }
        setUp(ack.initiateTag(), ack.initialTsn(), ack.advertisedWindow(), ack.outboundStreams(),
                ack.inboundStreams(), ack.forwardTsn(), ack.reconfig());
        state = State.COOKIE_ECHOED;
        t1Chunk = Chunk.of(Chunk.COOKIE_ECHO, ack.cookie());
        t1Count = 0;
        t1 = now + config.rtoInitial().toNanos();
        control.add(t1Chunk);
    }

    /** §5.2.4, the cases we support; false when the packet is to be dropped. */
    private boolean onCookieEcho(int tag, Chunk c, long now) {
        StateCookie cookie = StateCookie.verify(c.value());
        if (cookie == null || now - cookie.createdNanos() > config.cookieLifetime().toNanos()
                || now < cookie.createdNanos()) {
            counters.badCookie.increment();
            return false;
        }
        if (cookie.localTag() != tag) {
            counters.badVerificationTag.increment();
            return false;
        }
        switch (state) {
            case CLOSED -> {
                localTag = cookie.localTag();
                localInitialTsn = cookie.localInitialTsn();
                setUp(cookie.peerTag(), cookie.peerInitialTsn(), cookie.peerWindow(), cookie.peerOutboundStreams(),
                        cookie.peerInboundStreams(), cookie.forwardTsn(), cookie.reconfig());
                established();
            }
            case COOKIE_WAIT, COOKIE_ECHOED -> {
                if (cookie.localTag() != localTag) {
                    counters.badCookie.increment();
                    return false;
                }
                if (state == State.COOKIE_WAIT) {
                    setUp(cookie.peerTag(), cookie.peerInitialTsn(), cookie.peerWindow(),
                            cookie.peerOutboundStreams(), cookie.peerInboundStreams(), cookie.forwardTsn(),
                            cookie.reconfig());
                }
                established();
            }
            default -> {
                if (cookie.localTag() != localTag || cookie.peerTag() != peerTag) {
                    counters.unexpected.increment();
                    return false;
                }
                // our COOKIE ACK was lost: the peer repeats its COOKIE ECHO, we repeat the ACK
            }
        }
        control.add(0, Chunk.of(Chunk.COOKIE_ACK, new byte[0]));
        return true;
    }

    private void setUp(int peerTag, int peerInitialTsn, int peerWindow, int peerOutbound, int peerInbound,
            boolean forwardTsn, boolean reconfig) {
        this.peerTag = peerTag;
        this.peerForwardTsn = forwardTsn;
        this.peerReconfig = reconfig;
        this.inboundStreams = Math.min(config.maxStreams(), peerOutbound);
        this.outboundStreams = Math.min(config.maxStreams(), peerInbound);
        this.inbound = new Inbound(peerInitialTsn, config.receiveWindow(), config.maxMessageSize(), inboundStreams,
                counters);
        this.outbound = new Outbound(config, counters, localInitialTsn);
        outbound.peer(peerWindow, forwardTsn);
        this.resets = new StreamResets(localInitialTsn, peerInitialTsn, new StreamResets.Effects() {
            @Override
            public void incomingReset(int[] streams) {
                inbound.resetStreams(streams);
                events.add(() -> listener.onIncomingStreamsReset(streams));
            }

            @Override
            public void outgoingReset(int[] streams) {
                outbound.resetSsns(streams);
                events.add(() -> listener.onOutgoingStreamsReset(streams));
            }
        });
    }

    private void established() {
        state = State.ESTABLISHED;
        t1 = Long.MAX_VALUE;
        t1Chunk = null;
        events.add(listener::onConnected);
    }

    private boolean receiving() {
        return state == State.ESTABLISHED || state == State.SHUTDOWN_PENDING || state == State.SHUTDOWN_SENT;
    }

    private void onData(Chunk c) {
        if (!receiving()) {
            counters.unexpected.increment();
            return;
        }
        DataChunk d = DataChunk.parse(c);
        if (d == null) {
            counters.malformed.increment();
            return;
        }
        inbound.receive(d, delivered);
        sackNeeded = true;
    }

    private void onSack(Chunk c, long now) {
        if (outbound == null || state == State.COOKIE_WAIT || state == State.COOKIE_ECHOED) {
            counters.unexpected.increment();
            return;
        }
        Sack s = Sack.parse(c);
        if (s == null || !outbound.onSack(s, now)) {
            counters.malformed.increment();
            return;
        }
        queueForwardTsn();
    }

    private void onForwardTsn(Chunk c) {
        if (!receiving()) {
            counters.unexpected.increment();
            return;
        }
        ForwardTsn f = ForwardTsn.parse(c);
        if (f == null) {
            counters.malformed.increment();
            return;
        }
        inbound.forward(f, delivered);
        sackNeeded = true;
    }

    private void onShutdown(Chunk c, long now) {
        if (c.value().length < 4 || outbound == null) {
            counters.malformed.increment();
            return;
        }
        outbound.onSack(new Sack(Bytes.i32(c.value(), 0), config.receiveWindow(), new int[0]), now);
        switch (state) {
            case ESTABLISHED, SHUTDOWN_PENDING -> state = State.SHUTDOWN_RECEIVED;
            case SHUTDOWN_SENT -> {
                state = State.SHUTDOWN_ACK_SENT; // both closed at once (§9.2)
                control.add(Chunk.of(Chunk.SHUTDOWN_ACK, new byte[0]));
                t2 = now + outbound.rtoNanos();
            }
            default -> counters.unexpected.increment();
        }
    }

    private void onReConfig(Chunk c) {
        List<ReConfig.Param> params = ReConfig.parse(c);
        if (params == null || inbound == null) {
            counters.malformed.increment();
            return;
        }
        resets.onParams(params, inbound.cumulativeTsn(), control);
    }

    // ---- outbound -----------------------------------------------------------------------------------------

    private void timers(long now) {
        if (t1 <= now) {
            if (++t1Count > config.maxRetransmissions()) {
                terminate(true);
                return;
            }
            long backoff = Math.min(config.rtoMax().toNanos(), config.rtoInitial().toNanos() << Math.min(t1Count, 20));
            t1 = now + backoff;
            if (state == State.COOKIE_WAIT) {
                emit(0, List.of(t1Chunk));
            } else {
                control.add(t1Chunk);
            }
        }
        if (outbound != null && outbound.t3Deadline() <= now) {
            outbound.onT3(now);
            if (outbound.consecutiveTimeouts() > config.maxRetransmissions()) {
                abort(now);
                return;
            }
            queueForwardTsn();
        }
        if (t2 <= now) {
            if (++t2Count > config.maxRetransmissions()) {
                abort(now);
                return;
            }
            t2 = now + outbound.rtoNanos();
            control.add(state == State.SHUTDOWN_SENT ? shutdownChunk() : Chunk.of(Chunk.SHUTDOWN_ACK, new byte[0]));
        }
        Chunk again = resets == null ? null : resets.retransmission(now, outbound.rtoNanos());
        if (again != null) {
            control.add(again);
        }
    }

    private void queueForwardTsn() {
        ForwardTsn f = peerForwardTsn ? outbound.forwardTsn() : null;
        if (f != null) {
            control.add(f.toChunk());
        }
    }

    private Chunk shutdownChunk() {
        byte[] v = new byte[4];
        Bytes.put32(v, 0, inbound.cumulativeTsn());
        return Chunk.of(Chunk.SHUTDOWN, v);
    }

    /** Sends what is due (control chunks, data, a stream reset, shutdown progress), then runs listener events. */
    private void finish(long now) {
        try {
            flush(now);
        } catch (RuntimeException e) {
            LOG.warn("SCTP send failed", e);
        }
        dispatch();
    }

    private void flush(long now) {
        if (state == State.TERMINATED) {
            control.clear();
            return;
        }
        List<Chunk> chunks = new ArrayList<>(control);
        control.clear();
        boolean sending = state == State.ESTABLISHED || state == State.SHUTDOWN_PENDING
                || state == State.SHUTDOWN_RECEIVED;
        if (sending) {
            chunks.addAll(outbound.collect(now));
        }
        if (state == State.ESTABLISHED) {
            Chunk reset = resets.next(outbound, now);
            if (reset != null) {
                chunks.add(reset);
            }
        }
        if (state == State.SHUTDOWN_PENDING && outbound.isIdle()) {
            state = State.SHUTDOWN_SENT;
            t2 = now + outbound.rtoNanos();
            chunks.add(shutdownChunk());
        } else if (state == State.SHUTDOWN_RECEIVED && outbound.isIdle()) {
            state = State.SHUTDOWN_ACK_SENT;
            t2 = now + outbound.rtoNanos();
            chunks.add(Chunk.of(Chunk.SHUTDOWN_ACK, new byte[0]));
        }
        if (!chunks.isEmpty()) {
            emit(peerTag, chunks);
        }
    }

    /** Bundles chunks into packets of at most the MTU, in order. */
    private void emit(int tag, List<Chunk> chunks) {
        List<Chunk> packet = new ArrayList<>();
        int size = SctpPacket.HEADER;
        for (Chunk c : chunks) {
            if (!packet.isEmpty() && size + c.wireLength() > config.mtu()) {
                write(tag, packet);
                packet = new ArrayList<>();
                size = SctpPacket.HEADER;
            }
            packet.add(c);
            size += c.wireLength();
        }
        if (!packet.isEmpty()) {
            write(tag, packet);
        }
    }

    private void write(int tag, List<Chunk> chunks) {
        byte[] b = new SctpPacket(config.port(), config.port(), tag, chunks).encode();
        if (LOG.isTraceEnabled()) {
            LOG.trace("out {} tag {} {}", state, Integer.toHexString(tag), describe(chunks));
        }
        try {
            output.accept(b);
        } catch (RuntimeException e) {
            LOG.debug("SCTP output failed: {}", e.toString());
        }
    }

    private void terminate(boolean aborted) {
        if (state == State.TERMINATED) {
            return;
        }
        state = State.TERMINATED;
        t1 = t2 = Long.MAX_VALUE;
        if (resets != null) {
            resets.stop();
        }
        control.clear();
        events.add(() -> listener.onClosed(aborted));
    }

    private void dispatch() {
        if (dispatching) {
            return;
        }
        dispatching = true;
        try {
            Runnable r;
            while ((r = events.poll()) != null) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.warn("SCTP listener failed", e);
                }
            }
        } finally {
            dispatching = false;
        }
    }

    private InitChunk ourInit(byte[] cookie) {
        return new InitChunk(localTag, config.receiveWindow(), config.maxStreams(), config.maxStreams(),
                localInitialTsn, cookie, true, true);
    }

    private static String describe(List<Chunk> chunks) {
        StringBuilder b = new StringBuilder();
        for (Chunk c : chunks) {
            b.append(c.type()).append('/').append(c.flags()).append('/').append(c.value().length);
            if (c.type() == Chunk.DATA && c.value().length >= 12) {
                b.append(" tsn=").append(Integer.toUnsignedString(Bytes.i32(c.value(), 0)));
            } else if (c.type() == Chunk.SACK) {
                Sack s = Sack.parse(c);
                if (s != null) {
                    b.append(" cum=").append(Integer.toUnsignedString(s.cumulativeTsnAck())).append(" rwnd=")
                            .append(s.advertisedWindow()).append(" gaps=").append(s.gapBlocks().length / 2);
                }
            }
            b.append(", ");
        }
        return b.toString();
    }

    private int nonZero() {
        int v;
        do {
            v = random.nextInt();
        } while (v == 0);
        return v;
    }
}
