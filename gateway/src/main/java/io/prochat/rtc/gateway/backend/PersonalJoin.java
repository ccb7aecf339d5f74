package io.prochat.rtc.gateway.backend;

import java.time.Instant;

/** One user's way in: a link carrying their identity, the token in it (if any) and when it expires. */
public record PersonalJoin(String joinUrl, String token, Instant expiresAt, boolean moderator) {
}
