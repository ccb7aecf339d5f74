package io.prochat.rtc.gateway.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Every key of our layout: its section, documented spelling, type and whether it holds a secret. */
enum Key {
    HTTP_SERVER_ADDRESS("HTTP", "ServerAddress", Type.STRING),
    HTTP_SERVER_PORT("HTTP", "ServerPort", Type.INT),
    HTTP_ALLOW_SELF_REGISTRATION("HTTP", "APISecurityAllowSelfRegistration", Type.BOOL),
    HTTP_MAX_REQUEST_BODY_BYTES("HTTP", "MaxRequestBodyBytes", Type.INT),
    HTTP_ENABLE_ADMIN("HTTP", "APISecurityEnableAdmin", Type.BOOL),
    HTTP_ADMIN_SECRET_KEY("HTTP", "APISecurityAdminSecretKey", Type.STRING, true),
    HTTP_SESSION_CACHE_EXPIRATION_MINUTES("HTTP", "APISecuritySessionCacheExpirationMinutes", Type.INT),
    HTTP_TLS_CERT_FILE("HTTP", "TLSCertFile", Type.STRING),
    HTTP_TLS_KEY_FILE("HTTP", "TLSKeyFile", Type.STRING),

    RTC_ICE_HOST_OVERRIDE("RTC", "ICEHostOverride", Type.STRING),
    RTC_ICE_PORT_UDP("RTC", "ICEPortUDP", Type.INT),
    RTC_ICE_PORT_TCP("RTC", "ICEPortTCP", Type.INT),
    RTC_ICE_SERVERS("RTC", "ICEServers", Type.ICE_SERVERS, true),
    RTC_MAX_CALL_PARTICIPANTS("RTC", "MaxCallParticipants", Type.INT),
    RTC_ENABLE_ECHO("RTC", "EnableEcho", Type.BOOL),
    RTC_MAX_SERVER_PARTICIPANTS("RTC", "MaxServerParticipants", Type.INT),
    RTC_TURN_URLS("RTC", "TURNURLs", Type.STRING_LIST),
    RTC_TURN_STATIC_AUTH_SECRET("RTC", "TURNStaticAuthSecret", Type.STRING, true),
    RTC_TURN_CREDENTIALS_EXPIRATION_MINUTES("RTC", "TURNCredentialsExpirationMinutes", Type.INT),
    RTC_CAPACITY("RTC", "Capacity", Type.INT),
    RTC_MEDIA_WORKERS("RTC", "MediaWorkers", Type.INT),
    RTC_UDP_SOCKET_BUFFER_BYTES("RTC", "UDPSocketBufferBytes", Type.INT),

    LOGGER_ENABLE_CONSOLE("Logger", "EnableConsole", Type.BOOL),
    LOGGER_CONSOLE_LEVEL("Logger", "ConsoleLevel", Type.STRING),
    LOGGER_ENABLE_FILE("Logger", "EnableFile", Type.BOOL),
    LOGGER_FILE_LOCATION("Logger", "FileLocation", Type.STRING),
    LOGGER_FILE_LEVEL("Logger", "FileLevel", Type.STRING),
    LOGGER_CONSOLE_JSON("Logger", "ConsoleJSON", Type.BOOL),
    LOGGER_FILE_JSON("Logger", "FileJSON", Type.BOOL),
    LOGGER_FILE_MAX_SIZE_MB("Logger", "FileMaxSizeMB", Type.INT),
    LOGGER_FILE_MAX_BACKUPS("Logger", "FileMaxBackups", Type.INT),

    STORE_DATA_SOURCE("Store", "DataSource", Type.STRING),

    GATEWAY_MODE("Gateway", "Mode", Type.STRING),
    GATEWAY_HUDDLE_MAX_PARTICIPANTS("Gateway", "HuddleMaxParticipants", Type.INT),
    GATEWAY_API_KEYS("Gateway", "APIKeys", Type.STRING_LIST, true),
    GATEWAY_PUBLIC_URL("Gateway", "PublicURL", Type.STRING),
    GATEWAY_END_EMPTY_CALLS_AFTER_MINUTES("Gateway", "EndEmptyCallsAfterMinutes", Type.INT),
    GATEWAY_END_UNUSED_CALLS_AFTER_HOURS("Gateway", "EndUnusedCallsAfterHours", Type.INT),
    GATEWAY_DRAIN_TIMEOUT_SECONDS("Gateway", "DrainTimeoutSeconds", Type.INT),

    JITSI_URL("Jitsi", "URL", Type.STRING),
    JITSI_APP_ID("Jitsi", "AppID", Type.STRING),
    JITSI_APP_SECRET("Jitsi", "AppSecret", Type.STRING, true),
    JITSI_AUDIENCE("Jitsi", "Audience", Type.STRING),
    JITSI_SUBJECT("Jitsi", "Subject", Type.STRING),
    JITSI_TENANT("Jitsi", "Tenant", Type.STRING),
    JITSI_NAMING_SCHEME("Jitsi", "NamingScheme", Type.STRING),
    JITSI_LINK_VALIDITY_MINUTES("Jitsi", "LinkValidityMinutes", Type.INT),
    JITSI_XMPP_HOST("Jitsi", "XMPPHost", Type.STRING),
    JITSI_XMPP_PORT("Jitsi", "XMPPPort", Type.INT),
    JITSI_XMPP_DOMAIN("Jitsi", "XMPPDomain", Type.STRING),
    JITSI_MUC_DOMAIN("Jitsi", "MUCDomain", Type.STRING),
    JITSI_XMPP_USER("Jitsi", "XMPPUser", Type.STRING),
    JITSI_XMPP_PASSWORD("Jitsi", "XMPPPassword", Type.STRING, true),
    JITSI_FOCUS_JID("Jitsi", "FocusJID", Type.STRING),
    JITSI_XMPP_TLS("Jitsi", "XMPPTLS", Type.STRING),
    JITSI_HEALTH_URL("Jitsi", "HealthURL", Type.STRING),

    MATTERMOST_URL("Mattermost", "URL", Type.STRING),
    MATTERMOST_BOT_TOKEN("Mattermost", "BotToken", Type.STRING, true),
    MATTERMOST_HUDDLE_COMMAND_TOKEN("Mattermost", "HuddleCommandToken", Type.STRING, true),
    MATTERMOST_MEET_COMMAND_TOKEN("Mattermost", "MeetCommandToken", Type.STRING, true),
    MATTERMOST_BUTTON_VALIDITY_HOURS("Mattermost", "ButtonValidityHours", Type.INT),

    CLUSTER_SECRET("Cluster", "Secret", Type.STRING, true),
    CLUSTER_NODE_ID("Cluster", "NodeID", Type.STRING),
    CLUSTER_INTERNAL_URL("Cluster", "InternalURL", Type.STRING),
    CLUSTER_CAPACITY("Cluster", "Capacity", Type.INT);

    /** The value types a key can have. */
    enum Type { STRING, INT, BOOL, STRING_LIST, ICE_SERVERS }

    /** Our layout's sections, in documented spelling and order. */
    static final List<String> SECTIONS = List.of("HTTP", "RTC", "Logger", "Store", "Gateway", "Jitsi", "Mattermost",
            "Cluster");
    /** Sections both layouts share. */
    static final List<String> EXTRA_SECTIONS = List.of("Gateway", "Jitsi", "Mattermost", "Cluster");

    final String section;
    final String name;
    final Type type;
    /** Whether the value must never be shown in messages or logs (ICEServers holds TURN credentials). */
    final boolean secret;

    Key(String section, String name, Type type) {
        this(section, name, type, false);
    }

    Key(String section, String name, Type type, boolean secret) {
        this.section = section;
        this.name = name;
        this.type = type;
        this.secret = secret;
    }

    /** {@code HTTP.ServerPort}: the identifier {@link ConfigException#key()} reports. */
    String id() {
        return section + "." + name;
    }

    /** {@code [HTTP] ServerPort}: how messages name the key. */
    String label() {
        return "[" + section + "] " + name;
    }

    /** {@code PROCHAT_HTTP_SERVERPORT}. */
    String envName() {
        return ("PROCHAT_" + section + "_" + name).toUpperCase(Locale.ROOT);
    }

    static List<Key> inSection(String section) {
        return Arrays.stream(values()).filter(k -> k.section.equals(section)).toList();
    }

    /** The key {@code name} of {@code section}, both matched case-insensitively. */
    static Optional<Key> find(String section, String name) {
        return Arrays.stream(values())
                .filter(k -> k.section.equalsIgnoreCase(section) && k.name.equalsIgnoreCase(name))
                .findFirst();
    }

    static Optional<Key> byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id().equals(id)).findFirst();
    }
}
