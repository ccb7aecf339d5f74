package io.prochat.rtc.gateway.calls;

import java.util.Locale;

public enum CallState {
    ACTIVE, ENDED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the wire name; null when it is neither active nor ended. */
    public static CallState parseOrNull(String value) {
        for (CallState state : values()) {
            if (state.wireName().equals(value)) {
                return state;
            }
        }
        return null;
    }
}
