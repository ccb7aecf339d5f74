package io.prochat.rtc.gateway.calls;

import java.util.Locale;

/** What a caller asks for; a placed call is always a HUDDLE or a MEETING, never AUTO. */
public enum CallKind {
    AUTO, HUDDLE, MEETING;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the wire name; null when the value is not one of auto, huddle, meeting. */
    public static CallKind parseOrNull(String value) {
        for (CallKind kind : values()) {
            if (kind.wireName().equals(value)) {
                return kind;
            }
        }
        return null;
    }
}
