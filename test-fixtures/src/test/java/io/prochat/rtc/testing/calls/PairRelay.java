package io.prochat.rtc.testing.calls;

import java.util.List;

/**
 * Relays two Calls clients' signalling to each other, in place of a server: b answers a's first offer instead of
 * sending its own (its RTCPeer, the polite peer, rolls its own back); ICE goes as rtcd wraps it.
 */
final class PairRelay implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;
    private boolean bAnswered;

    PairRelay(CallsClientPage a, CallsClientPage b) {
        thread = new Thread(() -> {
            long busyUntil = 0;
            while (running) {
                boolean moved = pass(a, b, false) | pass(b, a, true);
                long now = System.nanoTime();
                if (moved) {
                    busyUntil = now + 1_000_000_000L;
                }
                try {
                    Thread.sleep(now < busyUntil ? 20 : 100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "loopback-relay");
        thread.setDaemon(true);
        thread.start();
    }

    private boolean pass(CallsClientPage from, CallsClientPage to, boolean fromB) {
        List<ClientMessage> messages = from.drainOutgoing();
        for (ClientMessage m : messages) {
            if (m.type().equals(ClientMessage.SDP)) {
                boolean offer = m.data().contains("\"type\":\"offer\"");
                if (fromB && offer && !bAnswered) {
                    continue;
                }
                if (fromB && !offer) {
                    bAnswered = true;
                }
                to.signal(m.data());
            } else if (m.type().equals(ClientMessage.ICE)) {
                // what rtcd sends: {"type":"candidate","candidate":{…}}
                to.signal("{\"type\":\"candidate\",\"candidate\":" + m.data() + "}");
            }
        }
        return !messages.isEmpty();
    }

    @Override
    public void close() throws InterruptedException {
        running = false; // not interrupted: that would break a WebDriver call midway
        thread.join(5_000);
    }
}
