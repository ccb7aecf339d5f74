package io.prochat.rtc.gateway.backend;

import java.util.List;

/** A prepared room: its name, the shared (identity-free) join URL, and what it could not provide. */
public record PlacedRoom(String room, String joinUrl, List<String> warnings) {
}
