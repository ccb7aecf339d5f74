package io.prochat.rtc.gateway.backend;

import io.prochat.rtc.gateway.calls.CallNeeds;

/** What a backend needs to prepare a room: names for the room and what the call must offer. */
public record RoomRequest(String callId, String title, String teamName, String channelName, CallNeeds needs) {
}
