package io.prochat.rtc.gateway.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code [Jitsi]}: the Jitsi Meet deployment meetings go to. With {@code appId} and {@code appSecret}
 * set, meeting links carry an HS256 JWT (prosody {@code token} auth); without them links are plain.
 *
 * @param url                 base URL of Jitsi Meet
 * @param appId               JWT {@code iss}/app id; set together with {@code appSecret}
 * @param appSecret           HS256 key (secret), at least 16 characters
 * @param audience            JWT {@code aud}, "" = the app id (set by the adapter)
 * @param subject             JWT {@code sub}, "" = the tenant, else "*" (any domain; see JitsiSettings)
 * @param tenant              Jitsi tenant path segment, "" for none
 * @param namingScheme        room names: words, uuid, mattermost or ask
 * @param linkValidityMinutes how long a meeting link (its JWT) stays valid
 */
public record JitsiConfig(String url, String appId, String appSecret, String audience, String subject, String tenant,
                          String namingScheme, int linkValidityMinutes) {
    static final String SECTION = "Jitsi";
    /** Smallest accepted AppSecret: 16 characters (128 bits of key at best) for HS256. */
    public static final int MIN_SECRET_LENGTH = 16;
    private static final List<String> SCHEMES = List.of("words", "uuid", "mattermost", "ask");

    public JitsiConfig {
        url = Objects.requireNonNullElse(url, "https://meet.jit.si");
        url = Checks.optionalHttpUrl(SECTION, "URL", Checks.nonBlank(SECTION, "URL", url));
        appId = Objects.requireNonNullElse(appId, "");
        appSecret = Objects.requireNonNullElse(appSecret, "");
        audience = Objects.requireNonNullElse(audience, "");
        subject = Objects.requireNonNullElse(subject, "");
        tenant = Checks.noSpaces(SECTION, "Tenant", Objects.requireNonNullElse(tenant, ""));
        namingScheme = Objects.requireNonNullElse(namingScheme, "words").trim().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(namingScheme)) {
            throw ConfigException.at(SECTION, "NamingScheme", namingScheme,
                    "must be one of words, uuid, mattermost, ask");
        }
        Checks.positive(SECTION, "LinkValidityMinutes", linkValidityMinutes);
        if (!appId.isEmpty() && appSecret.isEmpty()) {
            throw ConfigException.secret(SECTION, "AppSecret", "must be set when [Jitsi] AppID is set (JWT links)");
        }
        if (appId.isEmpty() && !appSecret.isEmpty()) {
            throw ConfigException.at(SECTION, "AppID", null, "must be set when [Jitsi] AppSecret is set (JWT links)");
        }
        if (!appSecret.isEmpty() && appSecret.length() < MIN_SECRET_LENGTH) {
            throw ConfigException.secret(SECTION, "AppSecret",
                    "must be at least " + MIN_SECRET_LENGTH + " characters (it is the HS256 signing key)");
        }
    }

    /** Public meet.jit.si, no JWT, word-based room names, links valid 60 minutes. */
    public static JitsiConfig defaults() {
        return new JitsiConfig("https://meet.jit.si", "", "", "", "", "", "words", 60);
    }

    /** Whether meeting links carry a JWT. */
    public boolean usesJwt() {
        return !appId.isEmpty();
    }
}
