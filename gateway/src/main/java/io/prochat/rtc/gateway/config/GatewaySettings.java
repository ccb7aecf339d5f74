package io.prochat.rtc.gateway.config;

import java.util.List;
import java.util.Objects;

/**
 * {@code [Gateway]}: our own settings (not in rtcd).
 *
 * @param mode                  which back end serves calls
 * @param huddleMaxParticipants most participants in a huddle on the SFU before it moves to Jitsi
 * @param apiKeys               keys our API clients present (secrets); empty = only registered clients
 * @param publicUrl             URL users' browsers reach us at; "" = derived from {@code [HTTP]}
 */
public record GatewaySettings(RoutingMode mode, int huddleMaxParticipants, List<String> apiKeys, String publicUrl) {
    static final String SECTION = "Gateway";

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
    }

    /** Hybrid routing, huddles of up to 10, no API keys, public URL derived from {@code [HTTP]}. */
    public static GatewaySettings defaults() {
        return new GatewaySettings(RoutingMode.HYBRID, 10, List.of(), "");
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
        return "http://" + host + ":" + http.serverPort();
    }
}
