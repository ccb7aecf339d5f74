package io.prochat.rtc.gateway.backend;

import io.prochat.rtc.gateway.calls.Backend;
import io.prochat.rtc.gateway.calls.Call;
import io.prochat.rtc.gateway.calls.Person;
import io.prochat.rtc.gateway.routing.BackendStatus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The built-in SFU as a backend. Its transport runs in the gateway (ICE, DTLS-SRTP; proven by the
 * echo test at /echo), but multi-party rooms are not built yet, so it reports itself unavailable and
 * routing sends huddles to Jitsi, saying why. It never pretends to place a room.
 */
public final class SfuBackend implements CallBackend {
    static final String NOT_READY = "multi-party rooms not built yet";

    private final int maxCallParticipants;

    public SfuBackend(int maxCallParticipants) {
        this.maxCallParticipants = maxCallParticipants;
    }

    @Override
    public Backend id() {
        return Backend.SFU;
    }

    @Override
    public BackendStatus status() {
        return BackendStatus.down(Backend.SFU, NOT_READY);
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("nodes", 0);
        d.put("maxCallParticipants", maxCallParticipants);
        return d;
    }

    @Override
    public PlacedRoom place(RoomRequest request) {
        throw new IllegalStateException("SFU " + NOT_READY);
    }

    @Override
    public PersonalJoin join(Call call, Person person, boolean moderator) {
        throw new IllegalStateException("SFU " + NOT_READY);
    }

    @Override
    public void end(Call call) {
        // no room was ever placed on it
    }
}
