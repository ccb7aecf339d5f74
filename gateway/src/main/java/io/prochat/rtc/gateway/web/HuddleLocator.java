package io.prochat.rtc.gateway.web;

import io.prochat.rtc.gateway.calls.Call;
import io.prochat.rtc.sfu.room.Room;
import io.prochat.rtc.sfu.room.Rooms;

import java.util.Optional;

/**
 * Where a huddle's media runs, as the join page needs to know it: in this process ({@link #local}), or on an SFU
 * node that a gateway placed it on (the cluster's locator). Answers must not block for long: the page waits.
 */
public interface HuddleLocator {
    /** The WebSocket URL the page signals on for this call; null = this server's own {@code /huddle/{id}/ws}. */
    String socketUrl(Call call);

    /** How many are in the call's room now (0 when it cannot tell). */
    int participants(Call call);

    /** Why the call ended, when the store says more than that it ended. */
    default Optional<String> endReason(String callId) {
        return Optional.empty();
    }

    /** The rooms of this process: the page's own origin serves the WebSocket. */
    static HuddleLocator local(Rooms rooms) {
        return new HuddleLocator() {
            @Override
            public String socketUrl(Call call) {
                return null;
            }

            @Override
            public int participants(Call call) {
                Room room = rooms.get(call.id());
                return room == null ? 0 : room.size();
            }
        };
    }
}
