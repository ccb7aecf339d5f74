package io.prochat.rtc.gateway.api;

import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keeps anonymous clients from taking the server's threads. Java 17 has no virtual threads, and Javalin reads a
 * request body on the thread that handles it, so a client that sends one body byte every few seconds holds a
 * platform thread for as long as it likes; a few hundred of them used to stop the whole API (issue 13).
 *
 * <p>Every request outside {@code /api/} that may carry a body (Mattermost's commands and buttons, the echo page's
 * offer; not GET or HEAD, whose handlers read no body, so /healthz keeps answering) is anonymous here: at most {@code perAddress} of them are handled at once for one
 * client address (more: 429) and {@code total} for all (more: 503), both answered at once, without reading the body.
 * While one is handled, its connection's idle timeout is {@code idleMillis}: a body that stalls that long is cut.
 * {@code total} is well below the thread pool's size, so the rest of the pool always serves {@code /api/}, whose
 * Bearer key is checked before any body is read (a request without a valid key costs no body read).
 *
 * <p>Runs on Jetty's threads; lock-free counters.
 */
public final class AnonymousLimits extends Handler.Wrapper {
    private final int perAddress;
    private final int total;
    private final long idleMillis;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> byAddress = new ConcurrentHashMap<>();
    private final LongAdder refused = new LongAdder();

    public AnonymousLimits(int perAddress, int total, long idleMillis) {
        this.perAddress = perAddress;
        this.total = total;
        this.idleMillis = idleMillis;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        if (path.startsWith("/api/") || "GET".equals(method) || "HEAD".equals(method)) {
            return super.handle(request, response, callback);
        }
        String address = Request.getRemoteAddr(request);
        AtomicInteger mine = byAddress.compute(address, (k, v) -> {
            AtomicInteger n = v == null ? new AtomicInteger() : v;
            n.incrementAndGet();
            return n;
        });
        int all = inFlight.incrementAndGet();
        if (mine.get() > perAddress || all > total) {
            release(address);
            refused.increment();
            Response.writeError(request, response, callback, all > total ? 503 : 429,
                    all > total ? "too many requests in progress" : "too many requests from this address");
            return true;
        }
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        endPoint.setIdleTimeout(idleMillis);
        Callback done = Callback.from(callback, () -> release(address));
        boolean handled = false;
        try {
            handled = super.handle(request, response, done);
            return handled;
        } finally {
            if (!handled) {
                release(address);
            }
        }
    }

    private void release(String address) {
        inFlight.decrementAndGet();
        byAddress.computeIfPresent(address, (k, v) -> v.decrementAndGet() <= 0 ? null : v);
    }

    /** Requests refused since start (for tests and the log). */
    public long refused() {
        return refused.sum();
    }

    /** Anonymous requests being handled now. */
    public int inFlight() {
        return inFlight.get();
    }
}
