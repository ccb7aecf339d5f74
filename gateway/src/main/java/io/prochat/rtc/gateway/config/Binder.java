package io.prochat.rtc.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Builds the records from {@link RawValues}: checks each value's type, fills in defaults, and reports
 * the records' own validation errors against the key (or variable) the value came from.
 */
final class Binder {
    private final RawValues values;

    private Binder(RawValues values) {
        this.values = values;
    }

    static GatewayConfig bind(RawValues values) {
        return new Binder(values).build();
    }

    private GatewayConfig build() {
        GatewayConfig d = GatewayConfig.defaults();
        HttpConfig http = checked(() -> new HttpConfig(
                string(Key.HTTP_SERVER_ADDRESS, d.http().serverAddress()),
                integer(Key.HTTP_SERVER_PORT, d.http().serverPort()),
                bool(Key.HTTP_ALLOW_SELF_REGISTRATION, d.http().allowSelfRegistration()),
                integer(Key.HTTP_MAX_REQUEST_BODY_BYTES, d.http().maxRequestBodyBytes()),
                bool(Key.HTTP_ENABLE_ADMIN, d.http().enableAdmin()),
                string(Key.HTTP_ADMIN_SECRET_KEY, d.http().adminSecretKey()),
                integer(Key.HTTP_SESSION_CACHE_EXPIRATION_MINUTES, d.http().sessionCacheExpirationMinutes()),
                string(Key.HTTP_TLS_CERT_FILE, ""),
                string(Key.HTTP_TLS_KEY_FILE, "")));
        int maxServer = checked(() -> integer(Key.RTC_MAX_SERVER_PARTICIPANTS, d.rtc().maxServerParticipants()));
        RtcConfig rtc = checked(() -> new RtcConfig(
                string(Key.RTC_ICE_HOST_OVERRIDE, d.rtc().iceHostOverride()),
                integer(Key.RTC_ICE_PORT_UDP, d.rtc().icePortUdp()),
                integer(Key.RTC_ICE_PORT_TCP, d.rtc().icePortTcp()),
                iceServers(),
                integer(Key.RTC_MAX_CALL_PARTICIPANTS, d.rtc().maxCallParticipants()),
                bool(Key.RTC_ENABLE_ECHO, d.rtc().enableEcho()),
                maxServer,
                new TurnConfig(stringList(Key.RTC_TURN_URLS, List.of()),
                        string(Key.RTC_TURN_STATIC_AUTH_SECRET, ""),
                        integer(Key.RTC_TURN_CREDENTIALS_EXPIRATION_MINUTES, TurnConfig.DEFAULT_EXPIRATION_MINUTES)),
                // a lower participant limit lowers the default capacity with it
                integer(Key.RTC_CAPACITY, Math.min(d.rtc().capacity(), maxServer)),
                integer(Key.RTC_MEDIA_WORKERS, d.rtc().mediaWorkers()),
                integer(Key.RTC_UDP_SOCKET_BUFFER_BYTES, d.rtc().udpSocketBufferBytes())));
        // serve resolves this name to announce it in ICE candidates: check it here so that `config check` fails too
        checked(() -> Checks.resolves(RtcConfig.SECTION, "ICEHostOverride", rtc.iceHostOverride()));
        LoggerConfig logger = checked(() -> new LoggerConfig(
                bool(Key.LOGGER_ENABLE_CONSOLE, d.logger().enableConsole()),
                string(Key.LOGGER_CONSOLE_LEVEL, d.logger().consoleLevel()),
                bool(Key.LOGGER_ENABLE_FILE, d.logger().enableFile()),
                string(Key.LOGGER_FILE_LOCATION, d.logger().fileLocation()),
                string(Key.LOGGER_FILE_LEVEL, d.logger().fileLevel()),
                bool(Key.LOGGER_CONSOLE_JSON, d.logger().consoleJson()),
                bool(Key.LOGGER_FILE_JSON, d.logger().fileJson()),
                integer(Key.LOGGER_FILE_MAX_SIZE_MB, d.logger().fileMaxSizeMB()),
                integer(Key.LOGGER_FILE_MAX_BACKUPS, d.logger().fileMaxBackups())));
        StoreConfig store = checked(() -> new StoreConfig(string(Key.STORE_DATA_SOURCE, d.store().dataSource())));
        GatewaySettings gateway = checked(() -> new GatewaySettings(
                mode(),
                integer(Key.GATEWAY_HUDDLE_MAX_PARTICIPANTS, d.gateway().huddleMaxParticipants()),
                stringList(Key.GATEWAY_API_KEYS, d.gateway().apiKeys()),
                string(Key.GATEWAY_PUBLIC_URL, d.gateway().publicUrl()),
                integer(Key.GATEWAY_END_EMPTY_CALLS_AFTER_MINUTES, d.gateway().endEmptyCallsAfterMinutes()),
                integer(Key.GATEWAY_END_UNUSED_CALLS_AFTER_HOURS, d.gateway().endUnusedCallsAfterHours()),
                integer(Key.GATEWAY_DRAIN_TIMEOUT_SECONDS, d.gateway().drainTimeoutSeconds())));
        JitsiConfig jitsi = checked(() -> new JitsiConfig(
                string(Key.JITSI_URL, d.jitsi().url()),
                string(Key.JITSI_APP_ID, d.jitsi().appId()),
                string(Key.JITSI_APP_SECRET, d.jitsi().appSecret()),
                string(Key.JITSI_AUDIENCE, d.jitsi().audience()),
                string(Key.JITSI_SUBJECT, d.jitsi().subject()),
                string(Key.JITSI_TENANT, d.jitsi().tenant()),
                string(Key.JITSI_NAMING_SCHEME, d.jitsi().namingScheme()),
                integer(Key.JITSI_LINK_VALIDITY_MINUTES, d.jitsi().linkValidityMinutes()),
                string(Key.JITSI_XMPP_HOST, d.jitsi().xmppHost()),
                integer(Key.JITSI_XMPP_PORT, d.jitsi().xmppPort()),
                string(Key.JITSI_XMPP_DOMAIN, d.jitsi().xmppDomain()),
                string(Key.JITSI_MUC_DOMAIN, d.jitsi().mucDomain()),
                string(Key.JITSI_XMPP_USER, d.jitsi().xmppUser()),
                string(Key.JITSI_XMPP_PASSWORD, d.jitsi().xmppPassword()),
                string(Key.JITSI_FOCUS_JID, d.jitsi().focusJid()),
                string(Key.JITSI_XMPP_TLS, d.jitsi().xmppTls()),
                string(Key.JITSI_HEALTH_URL, d.jitsi().healthUrl())));
        MattermostConfig mattermost = checked(() -> new MattermostConfig(
                string(Key.MATTERMOST_URL, d.mattermost().url()),
                string(Key.MATTERMOST_BOT_TOKEN, d.mattermost().botToken()),
                string(Key.MATTERMOST_HUDDLE_COMMAND_TOKEN, d.mattermost().huddleCommandToken()),
                string(Key.MATTERMOST_MEET_COMMAND_TOKEN, d.mattermost().meetCommandToken()),
                integer(Key.MATTERMOST_BUTTON_VALIDITY_HOURS, d.mattermost().buttonValidityHours())));
        ClusterConfig cluster = checked(() -> new ClusterConfig(
                string(Key.CLUSTER_SECRET, d.cluster().secret()),
                string(Key.CLUSTER_NODE_ID, d.cluster().nodeId()),
                string(Key.CLUSTER_INTERNAL_URL, d.cluster().internalUrl()),
                integer(Key.CLUSTER_CAPACITY, rtc.capacity()))); // a node's default: what [RTC] Capacity says
        return checked(() -> new GatewayConfig(http, rtc, logger, store, gateway, jitsi, mattermost, cluster));
    }

    private <T> T checked(Supplier<T> construct) {
        try {
            return construct.get();
        } catch (ConfigException e) {
            throw values.relabel(e);
        }
    }

    private String string(Key key, String dflt) {
        return values.get(key).map(raw -> {
            if (!raw.node().isTextual()) {
                throw raw.error("must be a string (in quotes)");
            }
            return raw.node().textValue();
        }).orElse(dflt);
    }

    private int integer(Key key, int dflt) {
        return values.get(key).map(raw -> {
            JsonNode n = raw.node();
            if (!n.isIntegralNumber()) {
                throw raw.error(n.isTextual() ? "must be a number, not a string (drop the quotes)" : "must be an integer");
            }
            if (!n.canConvertToInt()) {
                throw raw.error("is too large");
            }
            return n.intValue();
        }).orElse(dflt);
    }

    private boolean bool(Key key, boolean dflt) {
        return values.get(key).map(raw -> {
            if (!raw.node().isBoolean()) {
                throw raw.error("must be true or false (without quotes)");
            }
            return raw.node().booleanValue();
        }).orElse(dflt);
    }

    private List<String> stringList(Key key, List<String> dflt) {
        return values.get(key).map(raw -> strings(raw.node(), raw)).orElse(dflt);
    }

    /** An array of strings; a single string counts as a list of one. */
    private static List<String> strings(JsonNode n, RawValues.Raw raw) {
        if (n.isTextual()) {
            return List.of(n.textValue());
        }
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            for (JsonNode item : n) {
                if (!item.isTextual()) {
                    throw raw.error("must be a list of strings, e.g. [\"a\", \"b\"]");
                }
                out.add(item.textValue());
            }
            return out;
        }
        throw raw.error("must be a list of strings, e.g. [\"a\", \"b\"]");
    }

    private RoutingMode mode() {
        return values.get(Key.GATEWAY_MODE).map(raw -> {
            String text = string(Key.GATEWAY_MODE, "");
            try {
                return RoutingMode.parse(text);
            } catch (IllegalArgumentException e) {
                throw raw.error(e.getMessage());
            }
        }).orElse(GatewaySettings.defaults().mode());
    }

    /** ICE servers from either layout: a list of URL strings and/or tables {URLs, Username, Credential}. */
    private List<IceServer> iceServers() {
        return values.get(Key.RTC_ICE_SERVERS).map(raw -> {
            JsonNode n = raw.node();
            if (!n.isArray()) {
                throw raw.error("must be a list of ICE servers ([[RTC.ICEServers]] tables or URL strings)");
            }
            List<IceServer> out = new ArrayList<>();
            for (int i = 0; i < n.size(); i++) {
                out.add(iceServer(n.get(i), raw, i + 1));
            }
            return out;
        }).orElse(List.of());
    }

    private static IceServer iceServer(JsonNode item, RawValues.Raw raw, int index) {
        String id = raw.id() + "[" + index + "]";
        String label = raw.label() + " (entry " + index + ")";
        if (item.isTextual()) {
            return relabelled(() -> IceServer.of(item.textValue()), id, label);
        }
        if (!item.isObject()) {
            throw new ConfigException(id, label, null, "must be a URL string or a table {URLs, Username, Credential}");
        }
        List<String> urls = List.of();
        String username = "";
        String credential = "";
        for (Map.Entry<String, JsonNode> f : TomlTables.fields(item, id + ".", label).values()) {
            String k = f.getKey();
            JsonNode v = f.getValue();
            RawValues.Raw field = new RawValues.Raw(v, id + "." + k, label + " " + k,
                    k.equalsIgnoreCase("Credential") ? null : RawValues.render(v));
            switch (k.toLowerCase(java.util.Locale.ROOT)) {
                case "urls" -> urls = strings(v, field);
                case "username" -> username = textOf(field);
                case "credential" -> credential = textOf(field);
                default -> throw new ConfigException(field.id(), field.label(), null,
                        "unknown key" + Suggest.hint(k, List.of("URLs", "Username", "Credential")));
            }
        }
        List<String> u = urls;
        String user = username;
        String cred = credential;
        return relabelled(() -> new IceServer(u, user, cred), id, label);
    }

    private static String textOf(RawValues.Raw field) {
        if (!field.node().isTextual()) {
            throw field.error("must be a string (in quotes)");
        }
        return field.node().textValue();
    }

    /** Runs an IceServer constructor, naming the entry: RTC.ICEServers.URLs → RTC.ICEServers[2].URLs. */
    private static IceServer relabelled(Supplier<IceServer> construct, String id, String label) {
        try {
            return construct.get();
        } catch (ConfigException e) {
            String field = e.key().substring(e.key().lastIndexOf('.') + 1);
            throw e.relabel(id + "." + field, label + " " + field, e.shownValue());
        }
    }
}
