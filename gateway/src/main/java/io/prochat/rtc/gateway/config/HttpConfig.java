package io.prochat.rtc.gateway.config;

import java.util.Objects;

/**
 * {@code [HTTP]}: where the API listens, and the security of rtcd's API on it (the Calls plugin's clients). rtcd
 * layout: {@code [api] http.listen_address} and {@code security.*}.
 *
 * @param serverAddress          address to bind; {@code 0.0.0.0} or {@code ::} for all interfaces
 * @param serverPort             TCP port of the API (1–65535)
 * @param allowSelfRegistration  whether rtcd clients may register themselves (private networks only)
 * @param maxRequestBodyBytes    largest request body the API accepts, in bytes
 * @param enableAdmin            whether {@code adminSecretKey} unlocks admin mode of the rtcd API
 * @param adminSecretKey         the admin password (Basic auth, any user name); required with {@code enableAdmin}
 * @param sessionCacheExpirationMinutes how long an rtcd Bearer token from {@code POST /login} lasts, in minutes
 * @param tlsCertFile            PEM certificate chain: with {@code tlsKeyFile}, the API serves HTTPS itself; "" = HTTP
 * @param tlsKeyFile             PEM private key of that certificate
 */
public record HttpConfig(String serverAddress, int serverPort, boolean allowSelfRegistration,
                         int maxRequestBodyBytes, boolean enableAdmin, String adminSecretKey,
                         int sessionCacheExpirationMinutes, String tlsCertFile, String tlsKeyFile) {
    static final String SECTION = "HTTP";
    /** rtcd's default token lifetime: one day. */
    public static final int DEFAULT_SESSION_CACHE_EXPIRATION_MINUTES = 1440;

    public HttpConfig {
        serverAddress = Objects.requireNonNullElse(serverAddress, "127.0.0.1");
        adminSecretKey = Objects.requireNonNullElse(adminSecretKey, "");
        tlsCertFile = Objects.requireNonNullElse(tlsCertFile, "");
        tlsKeyFile = Objects.requireNonNullElse(tlsKeyFile, "");
        if (tlsCertFile.isEmpty() != tlsKeyFile.isEmpty()) {
            throw ConfigException.at(SECTION, tlsCertFile.isEmpty() ? "TLSCertFile" : "TLSKeyFile", "",
                    "must be set together with " + (tlsCertFile.isEmpty() ? "TLSKeyFile" : "TLSCertFile"));
        }
        Checks.nonBlank(SECTION, "ServerAddress", serverAddress);
        Checks.noSpaces(SECTION, "ServerAddress", serverAddress);
        Checks.port(SECTION, "ServerPort", serverPort);
        Checks.positive(SECTION, "MaxRequestBodyBytes", maxRequestBodyBytes);
        Checks.positive(SECTION, "APISecuritySessionCacheExpirationMinutes", sessionCacheExpirationMinutes);
        if (enableAdmin && adminSecretKey.isBlank()) {
            // as rtcd: admin mode needs a key (the value is a secret: never shown)
            throw new ConfigException(SECTION + ".APISecurityAdminSecretKey", "[HTTP] APISecurityAdminSecretKey", null,
                    "must be set when APISecurityEnableAdmin is true");
        }
    }

    /** Plain HTTP. */
    public HttpConfig(String serverAddress, int serverPort, boolean allowSelfRegistration, int maxRequestBodyBytes,
                      boolean enableAdmin, String adminSecretKey, int sessionCacheExpirationMinutes) {
        this(serverAddress, serverPort, allowSelfRegistration, maxRequestBodyBytes, enableAdmin, adminSecretKey,
                sessionCacheExpirationMinutes, "", "");
    }

    /** Whether the API serves HTTPS itself. */
    public boolean tls() {
        return !tlsCertFile.isEmpty();
    }

    /** The same with TLS from these PEM files ("" and "" for plain HTTP). */
    public HttpConfig withTls(String certFile, String keyFile) {
        return new HttpConfig(serverAddress, serverPort, allowSelfRegistration, maxRequestBodyBytes, enableAdmin,
                adminSecretKey, sessionCacheExpirationMinutes, certFile, keyFile);
    }

    /** Without admin mode, tokens lasting rtcd's default day. */
    public HttpConfig(String serverAddress, int serverPort, boolean allowSelfRegistration, int maxRequestBodyBytes) {
        this(serverAddress, serverPort, allowSelfRegistration, maxRequestBodyBytes, false, "",
                DEFAULT_SESSION_CACHE_EXPIRATION_MINUTES);
    }

    /** Loopback, port 8443 (the deployment guide's API port), no self-registration, 64 KiB bodies, no admin. */
    public static HttpConfig defaults() {
        return new HttpConfig("127.0.0.1", 8443, false, 65536);
    }

    /** The same with other rtcd API security settings. */
    public HttpConfig withRtcdSecurity(boolean selfRegistration, boolean admin, String adminKey, int tokenMinutes) {
        return new HttpConfig(serverAddress, serverPort, selfRegistration, maxRequestBodyBytes, admin, adminKey,
                tokenMinutes, tlsCertFile, tlsKeyFile);
    }

    /** Never shows the admin key. */
    @Override
    public String toString() {
        return "HttpConfig[serverAddress=" + serverAddress + ", serverPort=" + serverPort + ", allowSelfRegistration="
                + allowSelfRegistration + ", maxRequestBodyBytes=" + maxRequestBodyBytes + ", enableAdmin=" + enableAdmin
                + ", adminSecretKey=" + (adminSecretKey.isEmpty() ? "" : ConfigPrinter.MASK)
                + ", sessionCacheExpirationMinutes=" + sessionCacheExpirationMinutes + ", tlsCertFile=" + tlsCertFile
                + ", tlsKeyFile=" + tlsKeyFile + "]";
    }
}
