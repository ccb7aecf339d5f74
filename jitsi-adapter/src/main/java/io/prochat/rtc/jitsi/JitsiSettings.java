package io.prochat.rtc.jitsi;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the Jitsi server is and how its tokens are signed. Null text fields mean "not set" and are
 * stored as {@code ""}; the constructor rejects settings that would produce broken links.
 *
 * @param baseUrl absolute {@code http}/{@code https} URL of Jitsi Meet, optionally with a path prefix;
 *                no user info, query or fragment
 * @param appId Prosody's {@code app_id}; blank means links carry no token
 * @param appSecret Prosody's {@code app_secret}; required when {@code appId} is set. Never printed.
 * @param audience {@code aud}; blank means {@code appId}
 * @param subject {@code sub}; blank means the tenant, else {@code "*"} (see {@link #tokenSubject()})
 * @param tenant optional tenant path segment ({@code https://host/<tenant>/<room>}); lowercased
 * @param linkValidity how long a token is valid; at least one second
 */
public record JitsiSettings(URI baseUrl, String appId, String appSecret, String audience, String subject,
                            String tenant, Duration linkValidity) {

    /** Same node rules as rooms: the tenant becomes part of the room JID, which Prosody lowercases. */
    private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    public JitsiSettings {
        baseUrl = checkBaseUrl(baseUrl);
        appId = text(appId);
        appSecret = appSecret == null ? "" : appSecret; // raw: surrounding spaces are part of the key
        audience = text(audience);
        subject = text(subject);
        tenant = checkTenant(tenant);
        Objects.requireNonNull(linkValidity, "Jitsi linkValidity must be set");
        if (linkValidity.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("Jitsi linkValidity must be at least 1 second, was " + linkValidity);
        }
        if (!appId.isEmpty() && appSecret.isBlank()) {
            throw new IllegalArgumentException("Jitsi appSecret must be set when appId is set");
        }
        if (appId.isEmpty() && !appSecret.isBlank()) {
            // Otherwise links would silently go out unsigned although the operator meant to sign them.
            throw new IllegalArgumentException("Jitsi appId must be set when appSecret is set");
        }
    }

    /** Whether links carry a JWT: true when {@code appId} is set. */
    public boolean signsTokens() {
        return !appId.isBlank();
    }

    /** {@code aud}: the configured audience, else {@code appId} (Prosody's default accepts any). */
    public String tokenAudience() {
        return audience.isEmpty() ? appId : audience;
    }

    /**
     * {@code sub}: the configured subject, else the tenant, else {@code "*"}. Prosody only reads
     * {@code sub} when domain verification is on, and then compares it with the tenant or the
     * <em>internal</em> XMPP domain (e.g. {@code meet.jitsi} in Docker). The Mattermost plugin puts
     * the public hostname there, which fails that check (plugin issue #222); {@code "*"} means any
     * domain, so the default works with and without domain verification.
     */
    public String tokenSubject() {
        if (!subject.isEmpty()) {
            return subject;
        }
        return tenant.isEmpty() ? "*" : tenant;
    }

    @Override
    public String toString() {
        return "JitsiSettings[baseUrl=" + baseUrl + ", appId=" + appId
                + ", appSecret=" + (appSecret.isEmpty() ? "" : "<redacted>") + ", audience=" + audience
                + ", subject=" + subject + ", tenant=" + tenant + ", linkValidity=" + linkValidity + "]";
    }

    private static URI checkBaseUrl(URI url) {
        Objects.requireNonNull(url, "Jitsi baseUrl must be set");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalArgumentException("Jitsi baseUrl must be an absolute http or https URL with a host, was " + url);
        }
        if (url.getRawUserInfo() != null || url.getRawQuery() != null || url.getRawFragment() != null) {
            // Not echoed: user info would be a password.
            throw new IllegalArgumentException("Jitsi baseUrl must not contain user info, a query or a fragment");
        }
        return url;
    }

    private static String checkTenant(String tenant) {
        String t = text(tenant).toLowerCase(Locale.ROOT);
        while (t.startsWith("/")) {
            t = t.substring(1);
        }
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        if (!t.isEmpty() && !TENANT.matcher(t).matches()) {
            throw new IllegalArgumentException(
                    "Jitsi tenant must be one path segment of 1-64 characters [a-z0-9_-], was '" + tenant + "'");
        }
        return t;
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }
}
