package io.prochat.rtc.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code [Gateway]}: our own settings (not in rtcd).
 *
 * @param mode                  which back end serves calls
 * @param huddleMaxParticipants most participants in a huddle on the SFU before it moves to Jitsi
 * @param apiKeys               keys our API clients present (secrets); empty = only registered clients
 * @param publicUrl             URL users' browsers reach us at; "" = derived from {@code [HTTP]}
 * @param endEmptyCallsAfterMinutes a call seen occupied and then empty this long is ended; 0 = never
 * @param endUnusedCallsAfterHours  a call nobody was ever seen in is ended after this long; 0 = never
 * @param drainTimeoutSeconds   on SIGTERM, how long running huddles may go on (no new calls or joins) before they are
 *                              ended and the gateway exits; 0 = end them at once
 */
public record GatewaySettings(RoutingMode mode, int huddleMaxParticipants, List<String> apiKeys, String publicUrl,
                              int endEmptyCallsAfterMinutes, int endUnusedCallsAfterHours, int drainTimeoutSeconds) {
    static final String SECTION = "Gateway";
    static final int DEFAULT_END_EMPTY_CALLS_AFTER_MINUTES = 30;
    static final int DEFAULT_END_UNUSED_CALLS_AFTER_HOURS = 24;
    /** Long enough for a quick huddle to finish, short enough for a deploy (systemd waits 30 s more). */
    public static final int DEFAULT_DRAIN_TIMEOUT_SECONDS = 30;

    public GatewaySettings {
        mode = Objects.requireNonNullElse(mode, RoutingMode.HYBRID);
        Checks.positive(SECTION, "HuddleMaxParticipants", huddleMaxParticipants);
        apiKeys = List.copyOf(Objects.requireNonNullElse(apiKeys, List.<String>of()));
        for (int i = 0; i < apiKeys.size(); i++) {
            String k = apiKeys.get(i);
            if (k.isBlank() || k.chars().anyMatch(Character::isWhitespace)) {
                throw new ConfigException(SECTION + ".APIKeys", "[Gateway] APIKeys (entry " + (i + 1) + ")", null,
                        "must be non-empty and contain no spaces");
            }
        }
        publicUrl = Checks.optionalHttpUrl(SECTION, "PublicURL", Objects.requireNonNullElse(publicUrl, ""));
        Checks.nonNegative(SECTION, "EndEmptyCallsAfterMinutes", endEmptyCallsAfterMinutes);
        Checks.nonNegative(SECTION, "EndUnusedCallsAfterHours", endUnusedCallsAfterHours);
        if (drainTimeoutSeconds < 0 || drainTimeoutSeconds > 3600) {
            throw ConfigException.at(SECTION, "DrainTimeoutSeconds", drainTimeoutSeconds, "must be between 0 and 3600");
        }
    }

    /** With the default drain time. */
    public GatewaySettings(RoutingMode mode, int huddleMaxParticipants, List<String> apiKeys, String publicUrl,
                           int endEmptyCallsAfterMinutes, int endUnusedCallsAfterHours) {
        this(mode, huddleMaxParticipants, apiKeys, publicUrl, endEmptyCallsAfterMinutes, endUnusedCallsAfterHours,
                DEFAULT_DRAIN_TIMEOUT_SECONDS);
    }

    /** With the default idle-call timeouts. */
    public GatewaySettings(RoutingMode mode, int huddleMaxParticipants, List<String> apiKeys, String publicUrl) {
        this(mode, huddleMaxParticipants, apiKeys, publicUrl, DEFAULT_END_EMPTY_CALLS_AFTER_MINUTES,
                DEFAULT_END_UNUSED_CALLS_AFTER_HOURS);
    }

    /**
     * Hybrid routing, huddles of up to 10, no API keys, public URL derived from {@code [HTTP]}; empty calls end
     * after 30 minutes, unused ones after 24 hours.
     */
    public static GatewaySettings defaults() {
        return new GatewaySettings(RoutingMode.HYBRID, 10, List.of(), "");
    }

    /** The same settings with other idle-call timeouts (0 = never). */
    public GatewaySettings withIdleCallTimeouts(int emptyMinutes, int unusedHours) {
        return new GatewaySettings(mode, huddleMaxParticipants, apiKeys, publicUrl, emptyMinutes, unusedHours,
                drainTimeoutSeconds);
    }

    /** The same settings with another drain time. */
    public GatewaySettings withDrainTimeoutSeconds(int seconds) {
        return new GatewaySettings(mode, huddleMaxParticipants, apiKeys, publicUrl, endEmptyCallsAfterMinutes,
                endUnusedCallsAfterHours, seconds);
    }

    /** {@link #endEmptyCallsAfterMinutes()} as a duration; zero = never. */
    public Duration endEmptyCallsAfter() {
        return Duration.ofMinutes(endEmptyCallsAfterMinutes);
    }

    /** {@link #endUnusedCallsAfterHours()} as a duration; zero = never. */
    public Duration endUnusedCallsAfter() {
        return Duration.ofHours(endUnusedCallsAfterHours);
    }

    /**
     * {@link #publicUrl()} when set; otherwise {@code http://<ServerAddress>:<ServerPort>}, with the
     * wildcard addresses {@code 0.0.0.0} and {@code ::} shown as {@code 127.0.0.1}.
     */
    public String effectivePublicUrl(HttpConfig http) {
        if (!publicUrl.isEmpty()) {
            return publicUrl;
        }
        String host = http.serverAddress();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return (http.tls() ? "https://" : "http://") + host + ":" + http.serverPort();
    }
}
