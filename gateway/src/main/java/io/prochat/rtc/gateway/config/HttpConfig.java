package io.prochat.rtc.gateway.config;

import java.util.Objects;

/**
 * {@code [HTTP]}: where the Calls API listens. rtcd layout: {@code [api] http.listen_address} and
 * {@code security.allow_self_registration}.
 *
 * @param serverAddress          address to bind; {@code 0.0.0.0} or {@code ::} for all interfaces
 * @param serverPort             TCP port of the API (1–65535)
 * @param allowSelfRegistration  whether rtcd clients may register themselves (private networks only)
 * @param maxRequestBodyBytes    largest request body the API accepts, in bytes
 */
public record HttpConfig(String serverAddress, int serverPort, boolean allowSelfRegistration,
                         int maxRequestBodyBytes) {
    static final String SECTION = "HTTP";

    public HttpConfig {
        serverAddress = Objects.requireNonNullElse(serverAddress, "127.0.0.1");
        Checks.nonBlank(SECTION, "ServerAddress", serverAddress);
        Checks.noSpaces(SECTION, "ServerAddress", serverAddress);
        Checks.port(SECTION, "ServerPort", serverPort);
        Checks.positive(SECTION, "MaxRequestBodyBytes", maxRequestBodyBytes);
    }

    /** Loopback, port 8443 (the deployment guide's API port), no self-registration, 64 KiB bodies. */
    public static HttpConfig defaults() {
        return new HttpConfig("127.0.0.1", 8443, false, 65536);
    }
}
