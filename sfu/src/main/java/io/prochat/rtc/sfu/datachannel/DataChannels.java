package io.prochat.rtc.sfu.datachannel;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.prochat.rtc.sfu.sctp.SctpAssociation;
import io.prochat.rtc.sfu.sctp.SctpConfig;
import io.prochat.rtc.sfu.sctp.SctpCounters;
import io.prochat.rtc.sfu.sctp.SctpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data channels of one peer connection: one SCTP association and the channels on its streams, opened by either
 * side with DCEP (RFC 8832).
 *
 * <p>Still without I/O: SCTP packets come in through {@link #receive}, leave through the output callback, and the
 * owner calls {@link #handleTimeout} when {@link Timer#wakeAt} asked. Thread-safe: every entry takes this object's
 * lock; listener callbacks run after the lock is released, one at a time and in order, on whichever thread caused
 * them, so a listener may send.
 */
public final class DataChannels {
    private static final Logger LOG = LoggerFactory.getLogger(DataChannels.class);

    /** Channel events. Called one at a time; must not block. */
    public interface Listener {
        void onOpen(DataChannel channel);

        void onMessage(DataChannel channel, boolean binary, byte[] data);

        default void onClose(DataChannel channel) {
        }

        /** The association ended (shutdown, abort, or the peer stopped answering); every channel is closed. */
        default void onAssociationClosed(boolean aborted) {
        }
    }

    /** Where the association's next timeout goes: the owner calls {@link #handleTimeout} at or after it. */
    @FunctionalInterface
    public interface Timer {
        void wakeAt(long nanos);
    }

    private final SctpAssociation sctp;
    private final LongSupplier clock;
    private final Listener listener;
    private final Timer timer;
    private final boolean dtlsClient;
    private final Map<Integer, DataChannel> channels = new HashMap<>();
    private final ConcurrentLinkedQueue<Runnable> events = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean dispatching = new AtomicBoolean();
    private long lastWake = Long.MAX_VALUE;

    /**
     * @param dtlsClient our DTLS role: the client uses even stream ids, the server odd (RFC 8832 §6)
     * @param output SCTP packets to send over DTLS
     */
    public DataChannels(SctpConfig config, boolean dtlsClient, LongSupplier clock, Consumer<byte[]> output,
            Timer timer, Listener listener) {
        this.clock = clock;
        this.listener = listener;
        this.timer = timer;
        this.dtlsClient = dtlsClient;
        this.sctp = new SctpAssociation(config, output, new Events(), new SecureRandom());
    }

    /** Starts the association from our side (INIT). Without this call, we wait for the peer's INIT. */
    public void connect() {
        synchronized (this) {
            sctp.connect(clock.getAsLong());
            rearm();
        }
        dispatch();
    }

    /** One SCTP packet from DTLS application data. */
    public void receive(byte[] buf, int off, int len) {
        synchronized (this) {
            sctp.receive(buf, off, len, clock.getAsLong());
            rearm();
        }
        dispatch();
    }

    public void handleTimeout() {
        synchronized (this) {
            lastWake = Long.MAX_VALUE;
            sctp.handleTimeout(clock.getAsLong());
            rearm();
        }
        dispatch();
    }

    public synchronized boolean isConnected() {
        return sctp.state() == SctpAssociation.State.ESTABLISHED;
    }

    public SctpCounters counters() {
        return sctp.counters();
    }

    /** Bytes of messages queued or in flight, not yet acknowledged by the peer. */
    public synchronized int bufferedBytes() {
        return sctp.bufferedBytes();
    }

    public synchronized List<DataChannel> channels() {
        return new ArrayList<>(channels.values());
    }

    /**
     * Opens a channel from our side: DATA_CHANNEL_OPEN on the next free stream id of our parity. Null when not
     * connected or out of ids. {@code onOpen} follows the peer's ACK.
     */
    public DataChannel open(String label, String protocol, Reliability reliability) {
        synchronized (this) {
            if (sctp.state() != SctpAssociation.State.ESTABLISHED) {
                return null;
            }
            int id = dtlsClient ? 0 : 1;
            while (id < sctp.outboundStreams() && channels.containsKey(id)) {
                id += 2;
            }
            if (id >= sctp.outboundStreams()) {
                return null;
            }
            DataChannel c = new DataChannel(this, id, label, protocol, reliability, DataChannel.State.CONNECTING);
            byte[] open = new Dcep.Open(reliability, 0, label, protocol).encode();
            if (!sctp.send(id, Dcep.PPID, open, false, -1, -1, clock.getAsLong())) {
                return null;
            }
            channels.put(id, c);
            rearm();
            return c;
        }
    }

    /** Ends the association gracefully (SHUTDOWN). */
    public void shutdown() {
        synchronized (this) {
            sctp.shutdown(clock.getAsLong());
            rearm();
        }
        dispatch();
    }

    /** Ends it at once (ABORT), e.g. when the transport under it closes. */
    public void abort() {
        synchronized (this) {
            sctp.abort(clock.getAsLong());
            rearm();
        }
        dispatch();
    }

    synchronized DataChannel.State stateOf(DataChannel c) {
        return c.state;
    }

    boolean send(DataChannel c, int ppid, byte[] data) {
        synchronized (this) {
            if (c.state != DataChannel.State.OPEN && c.state != DataChannel.State.CONNECTING) {
                return false;
            }
            Reliability r = c.reliability();
            // RFC 8832 §6: until the ACK, send ordered, so the OPEN is delivered first
            boolean unordered = !r.ordered() && c.state == DataChannel.State.OPEN;
            boolean sent = sctp.send(c.id(), ppid, data, unordered, r.maxRetransmits(), r.maxLifetimeMillis(),
                    clock.getAsLong());
            rearm();
            return sent;
        }
    }

    void close(DataChannel c) {
        synchronized (this) {
            if (c.state == DataChannel.State.CLOSED || c.state == DataChannel.State.CLOSING) {
                return;
            }
            c.state = DataChannel.State.CLOSING;
            if (!sctp.resetStreams(new int[] {c.id()}, clock.getAsLong())) {
                closed(c); // nothing to reset with: the peer cannot reuse the id anyway
            }
            rearm();
        }
        dispatch();
    }

    private void closed(DataChannel c) {
        if (c.state == DataChannel.State.CLOSED) {
            return;
        }
        c.state = DataChannel.State.CLOSED;
        channels.remove(c.id(), c);
        events.add(() -> listener.onClose(c));
    }

    private void rearm() {
        long next = sctp.nextTimeoutNanos();
        if (next < lastWake) {
            lastWake = next;
            timer.wakeAt(next);
        }
    }

    private void dispatch() {
        while (!events.isEmpty()) {
            if (!dispatching.compareAndSet(false, true)) {
                return; // the thread dispatching will see our events
            }
            try {
                Runnable r;
                while ((r = events.poll()) != null) {
                    try {
                        r.run();
                    } catch (RuntimeException e) {
                        LOG.warn("data channel listener failed", e);
                    }
                }
            } finally {
                dispatching.set(false);
            }
        }
    }

    /** The association's callbacks, under our lock (it only calls them from inside our synchronized entries). */
    private final class Events implements SctpAssociation.Listener {
        @Override
        public void onMessage(SctpMessage m) {
            DataChannel c = channels.get(m.stream());
            if (m.ppid() == Dcep.PPID) {
                onDcep(c, m);
                return;
            }
            if (c == null || c.state == DataChannel.State.CLOSED) {
                LOG.debug("message on stream {} without a channel: dropped", m.stream());
                return;
            }
            if (c.state == DataChannel.State.CONNECTING) {
                opened(c); // §6: user data before the ACK implies it
            }
            boolean binary;
            byte[] data = m.data();
            switch (m.ppid()) {
                case Dcep.PPID_STRING -> binary = false;
                case Dcep.PPID_BINARY -> binary = true;
                case Dcep.PPID_STRING_EMPTY -> {
                    binary = false;
                    data = new byte[0];
                }
                case Dcep.PPID_BINARY_EMPTY -> {
                    binary = true;
                    data = new byte[0];
                }
                default -> {
                    LOG.debug("PPID {} on {}: dropped", m.ppid(), c);
                    return;
                }
            }
            boolean b = binary;
            byte[] d = data;
            events.add(() -> listener.onMessage(c, b, d));
        }

        private void onDcep(DataChannel existing, SctpMessage m) {
            Dcep.Message msg = Dcep.parse(m.data());
            if (msg instanceof Dcep.Open open) {
                if (existing != null && existing.state == DataChannel.State.CLOSING && existing.incomingReset
                        && sctp.peerReusedStream(m.stream())) {
                    // the peer finished closing it (our reset's response was lost or is late) and reopened the id
                    existing.outgoingReset = true;
                    closed(existing);
                    existing = null;
                }
                if (existing != null || (m.stream() % 2 == 0) != !dtlsClient) {
                    LOG.debug("DATA_CHANNEL_OPEN on stream {} in use or of our parity: ignored", m.stream());
                    return;
                }
                DataChannel c = new DataChannel(DataChannels.this, m.stream(), open.label(), open.protocol(),
                        open.reliability(), DataChannel.State.OPEN);
                channels.put(c.id(), c);
                sctp.send(c.id(), Dcep.PPID, Dcep.Ack.ENCODED, false, -1, -1, clock.getAsLong());
                events.add(() -> listener.onOpen(c));
            } else if (msg instanceof Dcep.Ack && existing != null
                    && existing.state == DataChannel.State.CONNECTING) {
                opened(existing);
            } else {
                LOG.debug("DCEP message on stream {} not understood: dropped", m.stream());
            }
        }

        private void opened(DataChannel c) {
            c.state = DataChannel.State.OPEN;
            events.add(() -> listener.onOpen(c));
        }

        @Override
        public void onIncomingStreamsReset(int[] streams) {
            for (DataChannel c : select(streams)) {
                c.incomingReset = true;
                if (c.state != DataChannel.State.CLOSING && c.state != DataChannel.State.CLOSED) {
                    c.state = DataChannel.State.CLOSING; // the peer closed: close our side too (RFC 8831 §6.7)
                    sctp.resetStreams(new int[] {c.id()}, clock.getAsLong());
                }
                if (c.outgoingReset) {
                    closed(c);
                }
            }
        }

        @Override
        public void onOutgoingStreamsReset(int[] streams) {
            for (DataChannel c : select(streams)) {
                c.outgoingReset = true;
                if (c.incomingReset) {
                    closed(c);
                }
            }
        }

        @Override
        public void onClosed(boolean aborted) {
            for (DataChannel c : new ArrayList<>(channels.values())) {
                closed(c);
            }
            events.add(() -> listener.onAssociationClosed(aborted));
        }

        private Collection<DataChannel> select(int[] streams) {
            if (streams.length == 0) {
                return new ArrayList<>(channels.values());
            }
            List<DataChannel> list = new ArrayList<>();
            for (int s : streams) {
                DataChannel c = channels.get(s);
                if (c != null) {
                    list.add(c);
                }
            }
            return list;
        }
    }
}
