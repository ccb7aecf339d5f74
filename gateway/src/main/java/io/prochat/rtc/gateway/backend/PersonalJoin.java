package io.prochat.rtc.gateway.backend;

import java.time.Instant;

/**
 * One user's way in: a link carrying their identity, the token in it (if any) and when it expires.
 * {@code roomPassword} is the room's password when the meeting has one: Jitsi Meet asks for it on
 * joining, since a link cannot carry it; null otherwise.
 */
public record PersonalJoin(String joinUrl, String token, Instant expiresAt, boolean moderator, String roomPassword) {

    public PersonalJoin(String joinUrl, String token, Instant expiresAt, boolean moderator) {
        this(joinUrl, token, expiresAt, moderator, null);
    }

    @Override
    public String toString() {
        return "PersonalJoin[moderator=" + moderator + ", expiresAt=" + expiresAt + ", token="
                + (token == null ? "none" : "<redacted>") + ", roomPassword=" + (roomPassword == null ? "none" : "<redacted>") + "]";
    }
}
