package io.prochat.rtc.sfu.ice;

import java.lang.reflect.Field;
import java.net.DatagramSocket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;

import org.ice4j.ice.harvest.AbstractUdpListener;
import org.ice4j.socket.SocketPool;

/**
 * Sizes the kernel buffers of a shared-port UDP harvester's sockets: SO_RCVBUF of the socket ice4j receives on and
 * SO_SNDBUF of every socket of its send pool (ice4j binds one per core on the same port and sends through the least
 * busy one).
 *
 * <p>ice4j offers only the receive size, and only as a process-wide setting read once
 * ({@code ice4j.harvest.udp.receive-buffer-size}); it keeps the sockets private. So they are reached here by type
 * (one {@link SocketPool} field in {@link AbstractUdpListener}, one list of its sockets in the pool), in this one
 * place: if an ice4j upgrade moves them, {@link #apply} says so and the SFU runs with the OS defaults
 * (UdpSocketBuffersTest fails on such an upgrade).
 */
final class UdpSocketBuffers {
    /** What the kernel granted: SO_RCVBUF of the receive socket, the smallest SO_SNDBUF of the pool; -1 unknown. */
    record Granted(int receive, int send, int sockets) {
    }

    private UdpSocketBuffers() {
    }

    /** Asks for {@code bytes} on every socket of {@code listener}; returns what was granted. */
    static Granted apply(AbstractUdpListener listener, int bytes) throws SocketException {
        SocketPool pool = read(listener, AbstractUdpListener.class, SocketPool.class);
        DatagramSocket receive = pool.getReceiveSocket();
        receive.setReceiveBufferSize(bytes);
        int send = Integer.MAX_VALUE;
        List<DatagramSocket> all = sockets(pool);
        for (DatagramSocket s : all) {
            s.setSendBufferSize(bytes);
            send = Math.min(send, s.getSendBufferSize());
        }
        return new Granted(receive.getReceiveBufferSize(), all.isEmpty() ? -1 : send, all.size());
    }

    private static List<DatagramSocket> sockets(SocketPool pool) {
        List<?> entries = read(pool, SocketPool.class, List.class);
        List<DatagramSocket> out = new ArrayList<>();
        for (Object e : entries) {
            out.add(((SocketPool.SocketAndIndex) e).getSocket());
        }
        return out;
    }

    /** The one field of {@code type} declared by {@code owner}. */
    private static <T> T read(Object target, Class<?> owner, Class<T> type) {
        Field found = null;
        for (Field f : owner.getDeclaredFields()) {
            if (f.getType() == type) {
                if (found != null) {
                    throw new IllegalStateException(owner.getName() + " has more than one " + type.getSimpleName());
                }
                found = f;
            }
        }
        if (found == null) {
            throw new IllegalStateException(owner.getName() + " has no " + type.getSimpleName() + " field");
        }
        try {
            found.setAccessible(true);
            return type.cast(found.get(target));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + owner.getSimpleName() + "." + found.getName(), e);
        }
    }
}
