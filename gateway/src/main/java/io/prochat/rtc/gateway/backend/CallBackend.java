package io.prochat.rtc.gateway.backend;

import io.prochat.rtc.gateway.calls.Backend;
import io.prochat.rtc.gateway.calls.Call;
import io.prochat.rtc.gateway.calls.Person;
import io.prochat.rtc.gateway.routing.BackendStatus;

import java.util.List;
import java.util.Map;

/** One place calls can run: the built-in SFU or Jitsi. Implementations must not block for long. */
public interface CallBackend {
    Backend id();

    BackendStatus status();

    /** What GET /api/v1/backends shows besides the status: URLs, capabilities, load. No secrets. */
    Map<String, Object> describe();

    /**
     * Names the room for a new call and says where it lives. Nothing may be made outside this process yet: the call
     * is not stored, and a failed insert must not leave a room behind ({@link #open}).
     */
    PlacedRoom place(RoomRequest request);

    /** Makes the call's room where it lives (Jitsi over XMPP), once the call is stored; what could not be done. */
    default List<String> open(Call call) {
        return List.of();
    }

    /**
     * The room to destroy through the teardown outbox when the call ends (see {@code RoomTeardowns}); null when
     * {@link #end} is enough (nothing outlives the gateway).
     */
    default String durableRoom(Call call) {
        return null;
    }

    /**
     * Destroys a room {@link #durableRoom} named, now; a room already gone is not an error.
     *
     * @throws RuntimeException when it could not be done (the outbox tries again later)
     */
    default void destroyRoom(String room) {
        throw new UnsupportedOperationException(id().wireName() + " has no rooms to destroy");
    }

    /** A personal join link for one user. */
    PersonalJoin join(Call call, Person person, boolean moderator);

    /** Tears the room down; a room that is already gone is not an error. */
    void end(Call call);

    /** Who is in the call's room right now, when the backend can tell; null otherwise. */
    default LiveRoom live(Call call) {
        return null;
    }
}
