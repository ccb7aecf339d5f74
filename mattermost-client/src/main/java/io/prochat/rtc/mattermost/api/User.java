package io.prochat.rtc.mattermost.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.Arrays;

/**
 * A user (bots are users with {@code is_bot}). Email and full name may come back blank when the
 * server's privacy settings hide them; {@code roles} is space-separated, e.g. "system_user system_admin".
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record User(String id, String username, String email, String nickname, String firstName, String lastName,
                   String roles, Boolean isBot, Long lastPictureUpdate, Long deleteAt) {

    /** The name people know: "First Last", else the nickname, else the username (Mattermost's own order). */
    public String displayName() {
        String full = (blankToEmpty(firstName) + " " + blankToEmpty(lastName)).trim();
        if (!full.isEmpty()) {
            return full;
        }
        return nickname != null && !nickname.isBlank() ? nickname.trim() : username;
    }

    public boolean isSystemAdmin() {
        return roles != null && Arrays.asList(roles.trim().split("\\s+")).contains("system_admin");
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s.trim();
    }
}
