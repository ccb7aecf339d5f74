package io.prochat.rtc.gateway.backend;

import java.util.List;

/**
 * A prepared room: its name, the shared (identity-free) join URL, what it could not provide, and where it was placed
 * when the backend has several places (an SFU node's id; null otherwise), which the route's reason then names.
 */
public record PlacedRoom(String room, String joinUrl, List<String> warnings, String placedOn) {
    public PlacedRoom(String room, String joinUrl, List<String> warnings) {
        this(room, joinUrl, warnings, null);
    }
}
