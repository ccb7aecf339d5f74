package io.prochat.rtc.sfu.ice;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

import io.prochat.rtc.sfu.stun.StunMessageView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media TCP port's listener, in place of ice4j's accept and read threads, which keep a connection that never sends
 * its first STUN request for ever and accept without limit: any client could hold sockets and memory on the media
 * port without ever being asked who it is. Here a connection is <em>pending</em> until its first RFC 4571 frame, a
 * STUN Binding request, has arrived whole; then it is handed to ice4j ({@code TcpHarvester.acceptSession}), which
 * gives it to the session owning the ufrag or refuses it. While pending:
 * <ul>
 *   <li>it is closed after {@link Limits#pendingTimeout} (10 s): counted {@code idle};</li>
 *   <li>at most {@link Limits#perAddress} (16) per remote address and {@link Limits#total} (256) in all: a new
 *       connection beyond either evicts the oldest pending one (of its address, or of all), counted
 *       {@code per_address} or {@code total}, so a flood cannot lock new clients out for longer than it keeps up;</li>
 *   <li>a first frame that is not a STUN Binding request of sane size: closed, {@code not_stun}.</li>
 * </ul>
 * A connection from an address {@link IceConfig#allowsPeer} refuses is closed at once ({@code refused_peer}); one
 * whose ufrag no session has, or whose session's ICE is over, is closed by the hand-over ({@code unknown_session}).
 * Handed-over connections belong to their session, whose connect timeout ends them if ICE does not complete.
 *
 * <p>One thread, one selector; only that thread touches the pending connections, so they need no locks. Nothing here
 * is on the media path: a connection leaves this class with its first message.
 */
final class IceTcpListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IceTcpListener.class);
    /** RFC 4571 frame length prefix. */
    private static final int FRAME_HEADER = 2;
    /** A first Binding request is a few hundred bytes; more is not one (and would cost memory per connection). */
    static final int MAX_FIRST_MESSAGE = 1500;

    /** The bounds on pending connections. */
    record Limits(Duration pendingTimeout, int perAddress, int total) {
        static final Limits DEFAULT = new Limits(Duration.ofSeconds(10), 16, 256);
    }

    /** Takes a connection whose first STUN request named {@code ufrag}; throws to refuse it. */
    @FunctionalInterface
    interface HandOver {
        void accept(Socket socket, String ufrag, DatagramPacket firstMessage) throws IOException;
    }

    /** One connection waiting for its first message. */
    private static final class Pending {
        final SocketChannel channel;
        final InetAddress address;
        final long deadline;
        final ByteBuffer header = ByteBuffer.allocate(FRAME_HEADER);
        ByteBuffer body; // null until the header is read
        SelectionKey key;

        Pending(SocketChannel channel, InetAddress address, long deadline) {
            this.channel = channel;
            this.address = address;
            this.deadline = deadline;
        }
    }

    private final Limits limits;
    private final Predicate<InetAddress> allowsPeer;
    private final HandOver handOver;
    private final Selector selector;
    private final List<ServerSocketChannel> servers = new ArrayList<>();
    /** Pending connections, oldest first (all share one timeout, so also in deadline order). */
    private final LinkedHashSet<Pending> pending = new LinkedHashSet<>();
    private final Map<InetAddress, ArrayDeque<Pending>> byAddress = new HashMap<>();
    private final Map<TcpRefusal, LongAdder> refused = new EnumMap<>(TcpRefusal.class);
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final Thread thread;
    private volatile boolean closed;

    /** Binds every address now (a taken port throws {@link java.net.BindException}) and starts accepting. */
    IceTcpListener(List<InetSocketAddress> addresses, Limits limits, Predicate<InetAddress> allowsPeer,
                   HandOver handOver) throws IOException {
        this.limits = limits;
        this.allowsPeer = allowsPeer;
        this.handOver = handOver;
        for (TcpRefusal r : TcpRefusal.values()) {
            refused.put(r, new LongAdder());
        }
        this.selector = Selector.open();
        try {
            for (InetSocketAddress a : addresses) {
                ServerSocketChannel s = ServerSocketChannel.open();
                servers.add(s);
                s.socket().setReuseAddress(true);
                s.bind(a, 1024); // a burst of connections queues instead of being dropped (Linux's cap is somaxconn)
                s.configureBlocking(false);
                s.register(selector, SelectionKey.OP_ACCEPT);
            }
        } catch (IOException | RuntimeException e) {
            closeAll();
            throw e;
        }
        thread = new Thread(this::run, "ice-tcp-listener");
        thread.setDaemon(true);
        thread.start();
    }

    long refused(TcpRefusal reason) {
        return refused.get(reason).sum();
    }

    /** Connections accepted that have not yet sent their first STUN request. */
    int pending() {
        return pendingCount.get();
    }

    private void run() {
        try {
            while (!closed) {
                long wait = 0; // 0: until something happens
                if (!pending.isEmpty()) {
                    long nanos = pending.iterator().next().deadline - System.nanoTime();
                    wait = Math.max(1, nanos / 1_000_000 + 1);
                }
                selector.select(wait);
                if (closed) {
                    break;
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        acceptAll((ServerSocketChannel) key.channel());
                    } else if (key.isReadable()) {
                        read((Pending) key.attachment());
                    }
                }
                expire(System.nanoTime());
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                log.error("the media TCP listener stopped: {}", e.toString(), e);
            }
        } finally {
            closeAll();
        }
    }

    private void acceptAll(ServerSocketChannel server) {
        while (true) {
            SocketChannel c;
            try {
                c = server.accept();
            } catch (IOException e) {
                log.debug("accept on the media TCP port failed: {}", e.toString());
                return; // e.g. out of file descriptors: the next select tries again
            }
            if (c == null) {
                return;
            }
            admit(c);
        }
    }

    private void admit(SocketChannel c) {
        InetAddress address;
        try {
            address = ((InetSocketAddress) c.getRemoteAddress()).getAddress();
        } catch (IOException e) {
            closeQuietly(c);
            return;
        }
        if (!allowsPeer.test(address)) {
            refused.get(TcpRefusal.REFUSED_PEER).increment();
            closeQuietly(c);
            return;
        }
        ArrayDeque<Pending> before = byAddress.get(address);
        if (before != null && before.size() >= limits.perAddress()) {
            drop(before.peekFirst(), TcpRefusal.PER_ADDRESS);
        } else if (pending.size() >= limits.total()) {
            drop(pending.iterator().next(), TcpRefusal.TOTAL);
        }
        Pending p = new Pending(c, address, System.nanoTime() + limits.pendingTimeout().toNanos());
        try {
            c.configureBlocking(false);
            c.socket().setTcpNoDelay(true);
            p.key = c.register(selector, SelectionKey.OP_READ, p);
        } catch (IOException e) {
            closeQuietly(c);
            return;
        }
        pending.add(p);
        byAddress.computeIfAbsent(address, a -> new ArrayDeque<>()).addLast(p); // after the drops, which may empty it
        pendingCount.incrementAndGet();
    }

    private void read(Pending p) {
        try {
            if (p.body == null) {
                if (p.channel.read(p.header) < 0) {
                    forget(p, true);
                    return;
                }
                if (p.header.hasRemaining()) {
                    return;
                }
                int length = ((p.header.get(0) & 0xFF) << 8) | (p.header.get(1) & 0xFF);
                if (length < StunMessageView.HEADER_LENGTH || length > MAX_FIRST_MESSAGE) {
                    drop(p, TcpRefusal.NOT_STUN);
                    return;
                }
                p.body = ByteBuffer.allocate(length);
            }
            if (p.channel.read(p.body) < 0) {
                forget(p, true);
                return;
            }
            if (!p.body.hasRemaining()) {
                firstMessage(p);
            }
        } catch (IOException e) {
            forget(p, true);
        }
    }

    private void firstMessage(Pending p) {
        byte[] message = p.body.array();
        StunMessageView stun = new StunMessageView();
        String ufrag = stun.wrap(message, 0, message.length) && stun.isBindingRequest() ? stun.targetUfrag() : null;
        if (ufrag == null) {
            drop(p, TcpRefusal.NOT_STUN);
            return;
        }
        forget(p, false);
        try {
            // ice4j reads the connection with blocking streams from here on; the cancelled key no longer counts
            p.channel.configureBlocking(true);
            Socket socket = p.channel.socket();
            DatagramPacket first = new DatagramPacket(message, message.length);
            first.setAddress(socket.getInetAddress());
            first.setPort(socket.getPort());
            handOver.accept(socket, ufrag, first);
        } catch (IOException | RuntimeException e) {
            refused.get(TcpRefusal.UNKNOWN_SESSION).increment();
            log.debug("ICE-TCP connection from {} refused: {}", p.address.getHostAddress(), e.getMessage());
            closeQuietly(p.channel);
        }
    }

    private void expire(long now) {
        while (!pending.isEmpty()) {
            Pending oldest = pending.iterator().next();
            if (oldest.deadline - now > 0) {
                return;
            }
            drop(oldest, TcpRefusal.IDLE);
        }
    }

    private void drop(Pending p, TcpRefusal reason) {
        refused.get(reason).increment();
        forget(p, true);
    }

    /** Removes {@code p} from the pending connections; closes it when {@code close}. */
    private void forget(Pending p, boolean close) {
        if (!pending.remove(p)) {
            return;
        }
        pendingCount.decrementAndGet();
        ArrayDeque<Pending> mine = byAddress.get(p.address);
        if (mine != null) {
            mine.remove(p);
            if (mine.isEmpty()) {
                byAddress.remove(p.address);
            }
        }
        if (p.key != null) {
            p.key.cancel();
        }
        if (close) {
            closeQuietly(p.channel);
        }
    }

    private void closeAll() {
        for (Pending p : new ArrayList<>(pending)) {
            forget(p, true);
        }
        servers.forEach(IceTcpListener::closeQuietly);
        closeQuietly(selector);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing is all that is left to do
        }
    }

    /** Stops listening and closes every pending connection; returns once the port is free. */
    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
