package io.prochat.rtc.gateway.command;

import io.prochat.rtc.gateway.api.TextRules;

/**
 * The fields Mattermost sends with a slash command or a click, checked like the API's ({@link TextRules}) before
 * anything is stored: a 500-character {@code user_id} used to reach the store and fail there at ERROR.
 */
public final class ChatFields {
    /** Mattermost ids are 26 characters; the store keeps 64, like the API's ids. */
    public static final int MAX_ID = 64;
    /** User, channel and team names; the store's name column. */
    public static final int MAX_NAME = 128;
    /** The command's text: a topic of at most 200 characters plus flags. */
    public static final int MAX_TEXT = 400;
    /** Mattermost's per-click trigger ids are about 100 characters. */
    public static final int MAX_TRIGGER = 1000;

    private ChatFields() {
    }

    /**
     * Checks (name, value, max) triples in order; null values are skipped (absent fields have their own checks).
     * Returns the first problem as "user_id is longer than 64 characters", or null.
     */
    public static String problem(Object... nameValueMax) {
        for (int i = 0; i + 2 < nameValueMax.length; i += 3) {
            String name = (String) nameValueMax[i];
            String value = (String) nameValueMax[i + 1];
            int max = (Integer) nameValueMax[i + 2];
            if (value == null) {
                continue;
            }
            String problem = TextRules.problem(value, max);
            if (problem != null) {
                return name + " " + problem;
            }
        }
        return null;
    }
}
