package io.prochat.rtc.gateway.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One {@code [[RTC.ICEServers]]} entry handed to clients. {@code credential} is a secret.
 *
 * @param urls       one or more {@code stun:}, {@code stuns:}, {@code turn:} or {@code turns:} URLs
 * @param username   TURN user name, "" for none
 * @param credential TURN password, "" for none
 */
public record IceServer(List<String> urls, String username, String credential) {
    private static final List<String> SCHEMES = List.of("stun:", "stuns:", "turn:", "turns:");

    public IceServer {
        urls = List.copyOf(Objects.requireNonNullElse(urls, List.<String>of()));
        username = Objects.requireNonNullElse(username, "");
        credential = Objects.requireNonNullElse(credential, "");
        if (urls.isEmpty()) {
            throw ConfigException.at(RtcConfig.SECTION, "ICEServers.URLs", urls, "must list at least one URL");
        }
        for (String url : urls) {
            String lower = url.toLowerCase(Locale.ROOT);
            if (SCHEMES.stream().noneMatch(lower::startsWith) || url.length() <= lower.indexOf(':') + 1) {
                throw ConfigException.at(RtcConfig.SECTION, "ICEServers.URLs", url,
                        "must start with stun:, stuns:, turn: or turns:");
            }
            if (url.contains("//")) {
                // e.g. "turn:https://meet.example.org:3478": browsers refuse the whole server list.
                throw ConfigException.at(RtcConfig.SECTION, "ICEServers.URLs", url,
                        "must be scheme:host[:port] without \"//\", e.g. turn:meet.example.org:3478");
            }
            if (lower.startsWith("turn") && (username.isEmpty() || credential.isEmpty())) {
                // WebRTC rejects a TURN server without both (RTCPeerConnection throws InvalidAccessError).
                throw ConfigException.secret(RtcConfig.SECTION, username.isEmpty() ? "ICEServers.Username"
                        : "ICEServers.Credential", "must be set for a turn: or turns: URL");
            }
        }
    }

    /** A server given by URL only, as in rtcd's {@code ice_servers = ["stun:…"]}. */
    public static IceServer of(String url) {
        return new IceServer(List.of(url), "", "");
    }
}
