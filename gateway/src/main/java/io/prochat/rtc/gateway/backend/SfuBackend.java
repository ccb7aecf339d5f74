package io.prochat.rtc.gateway.backend;

import io.prochat.rtc.gateway.calls.Backend;
import io.prochat.rtc.gateway.calls.Call;
import io.prochat.rtc.gateway.calls.Person;
import io.prochat.rtc.gateway.routing.BackendStatus;
import io.prochat.rtc.gateway.web.JoinTokens;
import io.prochat.rtc.sfu.room.Room;
import io.prochat.rtc.sfu.room.Rooms;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in SFU as a backend: a huddle is a room on it, joined through the gateway's page at
 * {@code /huddle/{callId}} with a personal token. Healthy while it runs rooms, with its load; full when it carries
 * its capacity in participants ({@code [RTC] Capacity}, measured per machine: docs/benchmarks.md and the README say
 * how). With rooms switched off (a gateway started only for its transport, as some tests
 * do) it reports itself down and routing falls back to Jitsi, saying why.
 */
public final class SfuBackend implements CallBackend {
    static final String ROOMS_OFF = "huddle rooms are switched off on this gateway";

    private final Rooms rooms;
    private final JoinTokens tokens;
    private final String publicUrl;
    private final int maxCallParticipants;
    private final int capacity;
    private final Map<String, Object> ports;

    /**
     * @param rooms    the rooms, or null when rooms are switched off
     * @param capacity participants across all rooms at which it reports itself full
     */
    public SfuBackend(Rooms rooms, JoinTokens tokens, String publicUrl, int maxCallParticipants, int capacity,
            Map<String, Object> ports) {
        this.rooms = rooms;
        this.tokens = tokens;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.maxCallParticipants = maxCallParticipants;
        this.capacity = capacity;
        this.ports = Map.copyOf(ports);
    }

    @Override
    public Backend id() {
        return Backend.SFU;
    }

    @Override
    public BackendStatus status() {
        if (rooms == null) {
            return BackendStatus.down(Backend.SFU, ROOMS_OFF);
        }
        int participants = rooms.participantCount();
        String load = rooms.roomCount() + " rooms, " + participants + " participants of " + capacity;
        return participants >= capacity ? new BackendStatus(Backend.SFU, true, true, load)
                : BackendStatus.up(Backend.SFU, load);
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("nodes", rooms == null ? 0 : 1);
        d.put("rooms", rooms == null ? 0 : rooms.roomCount());
        d.put("participants", rooms == null ? 0 : rooms.participantCount());
        d.put("capacity", capacity);
        d.put("maxCallParticipants", maxCallParticipants);
        d.putAll(ports);
        return d;
    }

    @Override
    public PlacedRoom place(RoomRequest request) {
        requireRooms();
        rooms.open(request.callId());
        return new PlacedRoom(request.callId(), publicUrl + "/huddle/" + request.callId(), List.of());
    }

    @Override
    public PersonalJoin join(Call call, Person person, boolean moderator) {
        requireRooms();
        JoinTokens.Minted t = tokens.mint(call.id(), person.userId(), person.name());
        // the call's own page, on the gateway that holds its room, whichever gateway is asked for the link
        String url = call.joinUrl() + "?token=" + URLEncoder.encode(t.token(), StandardCharsets.UTF_8);
        return new PersonalJoin(url, t.token(), t.expiresAt(), moderator);
    }

    @Override
    public void end(Call call) {
        if (rooms != null) {
            rooms.close(call.id());
        }
    }

    /**
     * How many are in the huddle's room. A room that is gone (the gateway restarted, and media with it) is empty, so
     * the idle sweeper ends its call instead of leaving it active forever.
     */
    @Override
    public LiveRoom live(Call call) {
        if (rooms == null) {
            return null;
        }
        Room room = rooms.get(call.room());
        return new LiveRoom(room == null ? 0 : room.size(), null, null);
    }

    private void requireRooms() {
        if (rooms == null) {
            throw new IllegalStateException("SFU: " + ROOMS_OFF);
        }
    }
}
