package io.prochat.rtc.testing.calls;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How a {@link CallsClientPage} creates its {@code RTCPeer}: the {@code RTCConfiguration.iceServers} URLs (empty: host
 * candidates only, loopback included under {@code HeadlessChromium}'s flags), RTCPeer's {@code connTimeoutMs} (after
 * which it emits the error "timed out waiting for rtc connection"), whether screen tracks go out as simulcast
 * {@code l}/{@code h}, and whether RTCPeer's debug log is kept in the page's events.
 */
public record ClientOptions(List<String> iceServerUrls, Duration connTimeout, boolean simulcast, boolean debugLog) {
    public ClientOptions {
        iceServerUrls = List.copyOf(iceServerUrls);
        if (connTimeout.isNegative() || connTimeout.isZero()) {
            throw new IllegalArgumentException("connTimeout must be positive: " + connTimeout);
        }
    }

    /** No ICE servers, RTCPeer's default 15 s connection timeout, no simulcast, no debug log. */
    public static ClientOptions loopback() {
        return new ClientOptions(List.of(), Duration.ofSeconds(15), false, false);
    }

    public ClientOptions withConnTimeout(Duration timeout) {
        return new ClientOptions(iceServerUrls, timeout, simulcast, debugLog);
    }

    public ClientOptions withIceServers(List<String> urls) {
        return new ClientOptions(urls, connTimeout, simulcast, debugLog);
    }

    public ClientOptions withSimulcast(boolean on) {
        return new ClientOptions(iceServerUrls, connTimeout, on, debugLog);
    }

    public ClientOptions withDebugLog(boolean on) {
        return new ClientOptions(iceServerUrls, connTimeout, simulcast, on);
    }

    /** The options object the harness's {@code create} takes. */
    Map<String, Object> toScriptArgument() {
        List<Object> servers = iceServerUrls.isEmpty() ? List.of() : List.of(Map.of("urls", iceServerUrls));
        return Map.of("iceServers", servers, "connTimeoutMs", connTimeout.toMillis(), "simulcast", simulcast,
                "debug", debugLog);
    }
}
