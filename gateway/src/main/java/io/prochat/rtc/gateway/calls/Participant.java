package io.prochat.rtc.gateway.calls;

import java.time.Instant;

/** Someone given a personal join for a call. */
public record Participant(String callId, Person person, boolean moderator, Instant joinedAt) {
}
