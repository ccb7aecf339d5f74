package io.prochat.rtc.jitsi.token;

import java.util.Objects;

/**
 * The identity written into {@code context.user} of one participant's token.
 *
 * <p>{@code email} and {@code avatarUrl} may be null; they are written as {@code ""} because Prosody
 * copies these fields into presence and fails on anything but a string.
 *
 * @param id stable user id (Mattermost user id); not blank
 * @param name display name shown in the meeting; not blank
 * @param email e-mail address, or null
 * @param avatarUrl absolute avatar URL, or null
 */
public record JitsiUser(String id, String name, String email, String avatarUrl) {

    public JitsiUser {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        if (id.isBlank()) {
            throw new IllegalArgumentException("JitsiUser id must not be blank");
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("JitsiUser name must not be blank");
        }
    }

    /** {@code email} as Prosody wants it: never null. */
    public String emailOrEmpty() {
        return email == null ? "" : email;
    }

    /** {@code avatarUrl} as Prosody wants it: never null. */
    public String avatarOrEmpty() {
        return avatarUrl == null ? "" : avatarUrl;
    }
}
