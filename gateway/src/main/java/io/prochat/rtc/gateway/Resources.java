package io.prochat.rtc.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What the gateway opened, closed in reverse order of opening (the HTTP server first, the store last),
 * both on shutdown and when start-up fails half-way. A failing close is logged and the rest still close.
 */
final class Resources implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Resources.class);
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    <T extends AutoCloseable> T add(T resource) {
        opened.push(resource);
        return resource;
    }

    @Override
    public void close() {
        while (!opened.isEmpty()) {
            AutoCloseable resource = opened.pop();
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
