package io.prochat.rtc.gateway.calls;

/** A chat user as the caller describes them; email and avatar may be null. */
public record Person(String userId, String name, String email, String avatarUrl) {
}
