package io.prochat.rtc.jitsi.naming;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a meeting's room is named; the config values match the Mattermost Jitsi plugin's. */
public enum NamingScheme {
    /** Adjective, noun and verb plus a random suffix, e.g. {@code brisk-otter-hums-k2x9...}. */
    WORDS,
    /** A random UUID. */
    UUID,
    /** Team and channel names, plus a random suffix. */
    MATTERMOST,
    /** The topic the user typed, plus a random suffix. */
    ASK;

    /** The value used in configuration: the lowercase name. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a config value, ignoring case and surrounding spaces.
     *
     * @throws IllegalArgumentException naming the accepted values, for null or unknown input
     */
    public static NamingScheme parse(String s) {
        if (s != null) {
            String wanted = s.strip();
            for (NamingScheme scheme : values()) {
                if (scheme.configName().equalsIgnoreCase(wanted)) {
                    return scheme;
                }
            }
        }
        throw new IllegalArgumentException("unknown naming scheme '" + s + "'; accepted values: " + acceptedValues());
    }

    private static String acceptedValues() {
        return Arrays.stream(values()).map(NamingScheme::configName).collect(Collectors.joining(", "));
    }
}
