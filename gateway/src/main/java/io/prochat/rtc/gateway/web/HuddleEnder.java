package io.prochat.rtc.gateway.web;

import io.prochat.rtc.gateway.calls.CallEndedException;
import io.prochat.rtc.gateway.calls.CallNotFoundException;
import io.prochat.rtc.gateway.calls.CallService;
import io.prochat.rtc.sfu.room.Rooms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Ends a huddle's call when its last participant leaves. Told on the SFU's room control thread, it hands the work
 * (a store write, listeners such as the Mattermost card) to its own thread: the control thread never waits on the
 * store.
 */
public final class HuddleEnder implements Rooms.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HuddleEnder.class);

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "huddle-end");
        t.setDaemon(true);
        return t;
    });
    private volatile CallService calls;
    private volatile java.util.function.Predicate<String> endsHere = id -> true;

    /** Set once the call service exists (it needs the SFU backend, which needs the rooms, which need this). */
    public void bind(CallService calls) {
        this.calls = calls;
    }

    /**
     * On an SFU node: only calls the store still places here are ended when their room empties; a room left over
     * from a call that moved to another node (this one was thought lost) empties without ending the call.
     */
    public void onlyEnding(java.util.function.Predicate<String> endsHere) {
        this.endsHere = endsHere;
    }

    @Override
    public void onEmpty(String roomId) {
        if (roomId.startsWith(io.prochat.rtc.gateway.rtcd.CallsSessions.ROOM_PREFIX)) {
            return; // a Calls-plugin call: the plugin keeps its calls, not our store
        }
        worker.execute(() -> {
            CallService c = calls;
            if (c == null) {
                return;
            }
            try {
                if (!endsHere.test(roomId)) {
                    LOG.info("huddle {}: its room here emptied, but the call runs on another node now", roomId);
                    return;
                }
                c.end(roomId);
                LOG.info("huddle {} ended: the last participant left", roomId);
            } catch (CallEndedException | CallNotFoundException e) {
                // ended by DELETE meanwhile, or not a stored call: nothing to do
            } catch (RuntimeException e) {
                LOG.warn("huddle {}: could not end the call: {}", roomId, e.toString());
            }
        });
    }

    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
