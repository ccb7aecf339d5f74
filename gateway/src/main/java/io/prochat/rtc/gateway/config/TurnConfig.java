package io.prochat.rtc.gateway.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code [RTC] TURNURLs, TURNStaticAuthSecret, TURNCredentialsExpirationMinutes}: a TURN server (coturn with
 * {@code use-auth-secret}) that clients get time-limited credentials for, signed with the secret they share (the
 * TURN REST scheme rtcd and the Calls plugin use). rtcd layout: {@code [rtc] turn.static_auth_secret} and
 * {@code turn.credentials_expiration_minutes}.
 *
 * @param urls               {@code turn:} or {@code turns:} URLs of the TURN server
 * @param staticAuthSecret   coturn's {@code static-auth-secret} (a secret: never shown); at least 16 characters
 * @param credentialsExpirationMinutes how long a handed-out credential lasts (1–10079, rtcd's bound: under a week)
 */
public record TurnConfig(List<String> urls, String staticAuthSecret, int credentialsExpirationMinutes) {
    /** rtcd's default: a day. */
    public static final int DEFAULT_EXPIRATION_MINUTES = 1440;
    /** Shorter secrets are guessable offline from one credential a client saw. */
    public static final int MIN_SECRET_LENGTH = 16;
    public static final TurnConfig NONE = new TurnConfig(List.of(), "", DEFAULT_EXPIRATION_MINUTES);

    public TurnConfig {
        urls = List.copyOf(Objects.requireNonNullElse(urls, List.<String>of()));
        staticAuthSecret = Objects.requireNonNullElse(staticAuthSecret, "");
        for (String url : urls) {
            String lower = url.toLowerCase(Locale.ROOT);
            if (!(lower.startsWith("turn:") || lower.startsWith("turns:")) || url.contains("//")
                    || url.length() <= lower.indexOf(':') + 1) {
                throw ConfigException.at(RtcConfig.SECTION, "TURNURLs", url,
                        "must be turn:host[:port] or turns:host[:port], e.g. turn:turn.example.org:3478");
            }
        }
        if (!staticAuthSecret.isEmpty() && staticAuthSecret.length() < MIN_SECRET_LENGTH) {
            throw ConfigException.secret(RtcConfig.SECTION, "TURNStaticAuthSecret",
                    "must be at least " + MIN_SECRET_LENGTH + " characters (it signs TURN credentials;"
                            + " e.g. openssl rand -hex 32)");
        }
        if (!urls.isEmpty() && staticAuthSecret.isEmpty()) {
            throw ConfigException.secret(RtcConfig.SECTION, "TURNStaticAuthSecret",
                    "must be set when TURNURLs is (coturn's static-auth-secret)");
        }
        if (credentialsExpirationMinutes < 1 || credentialsExpirationMinutes > 10079) {
            throw ConfigException.at(RtcConfig.SECTION, "TURNCredentialsExpirationMinutes",
                    credentialsExpirationMinutes, "must be between 1 and 10079 (under a week)");
        }
    }

    public boolean enabled() {
        return !urls.isEmpty();
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "TurnConfig[urls=" + urls + ", staticAuthSecret=" + (staticAuthSecret.isEmpty() ? "" : ConfigPrinter.MASK)
                + ", credentialsExpirationMinutes=" + credentialsExpirationMinutes + "]";
    }
}
