package io.prochat.rtc.gateway.calls;

import java.time.Duration;
import java.time.Instant;

/** A call as stored: what was asked, where it was routed and why, and its life so far. */
public record Call(String id, CallKind requestedKind, Route route, String title, String channelId,
                   Person createdBy, CallNeeds needs, String room, String joinUrl, CallState state,
                   Instant createdAt, Instant endedAt) {

    public Call ended(Instant at) {
        return new Call(id, requestedKind, route, title, channelId, createdBy, needs, room, joinUrl,
                CallState.ENDED, createdAt, at);
    }

    /** Length so far for an active call, total for an ended one. */
    public Duration duration(Instant now) {
        return Duration.between(createdAt, endedAt != null ? endedAt : now);
    }
}
