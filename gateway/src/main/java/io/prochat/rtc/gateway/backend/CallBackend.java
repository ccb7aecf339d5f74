package io.prochat.rtc.gateway.backend;

import io.prochat.rtc.gateway.calls.Backend;
import io.prochat.rtc.gateway.calls.Call;
import io.prochat.rtc.gateway.calls.Person;
import io.prochat.rtc.gateway.routing.BackendStatus;

import java.util.Map;

/** One place calls can run: the built-in SFU or Jitsi. Implementations must not block for long. */
public interface CallBackend {
    Backend id();

    BackendStatus status();

    /** What GET /api/v1/backends shows besides the status: URLs, capabilities, load. No secrets. */
    Map<String, Object> describe();

    /** Prepares the room for a new call and says where it lives. */
    PlacedRoom place(RoomRequest request);

    /** A personal join link for one user. */
    PersonalJoin join(Call call, Person person, boolean moderator);

    /** Tears the room down; a room that is already gone is not an error. */
    void end(Call call);

    /** Who is in the call's room right now, when the backend can tell; null otherwise. */
    default LiveRoom live(Call call) {
        return null;
    }
}
