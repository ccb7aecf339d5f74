package io.prochat.rtc.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps real rtcd's layout ({@code [api] http.listen_address}, {@code [rtc] ice_port_udp}, …; see
 * research/rtcd.md §4) onto our keys. Every documented rtcd key is accepted: mapped ones become
 * values, the rest are reported as ignored, except {@code http.tls.enable = true}, which is refused.
 * Keys missing from an rtcd-layout file take rtcd's defaults for the listening ports
 * ({@code :8045} for the API, 8443 for ICE), so an existing rtcd file keeps its ports.
 */
final class RtcdLayout {
    private RtcdLayout() {
    }

    private enum Kind { MAP, IGNORE, LISTEN_ADDRESS, TLS_ENABLE, TLS_FILE }

    private record Entry(String path, Kind kind, Key target) {
    }

    static final List<String> SECTIONS = List.of("api", "rtc", "store", "logger");
    static final String DEFAULT_LISTEN_ADDRESS = ":8045";
    static final int DEFAULT_ICE_PORT = 8443;

    /** Section → (lower-case dotted path → entry). */
    private static final Map<String, Map<String, Entry>> TABLE = new LinkedHashMap<>();

    static {
        add("api", "http.listen_address", Kind.LISTEN_ADDRESS, null);
        add("api", "http.tls.enable", Kind.TLS_ENABLE, null);
        add("api", "http.tls.cert_file", Kind.TLS_FILE, Key.HTTP_TLS_CERT_FILE);
        add("api", "http.tls.cert_key", Kind.TLS_FILE, Key.HTTP_TLS_KEY_FILE);
        add("api", "security.allow_self_registration", Kind.MAP, Key.HTTP_ALLOW_SELF_REGISTRATION);
        add("api", "security.enable_admin", Kind.MAP, Key.HTTP_ENABLE_ADMIN);
        add("api", "security.admin_secret_key", Kind.MAP, Key.HTTP_ADMIN_SECRET_KEY);
        add("api", "security.session_cache.expiration_minutes", Kind.MAP, Key.HTTP_SESSION_CACHE_EXPIRATION_MINUTES);
        add("rtc", "ice_port_udp", Kind.MAP, Key.RTC_ICE_PORT_UDP);
        add("rtc", "ice_port_tcp", Kind.MAP, Key.RTC_ICE_PORT_TCP);
        add("rtc", "ice_host_override", Kind.MAP, Key.RTC_ICE_HOST_OVERRIDE);
        add("rtc", "ice_servers", Kind.MAP, Key.RTC_ICE_SERVERS);
        add("rtc", "turn.static_auth_secret", Kind.MAP, Key.RTC_TURN_STATIC_AUTH_SECRET);
        add("rtc", "turn.credentials_expiration_minutes", Kind.MAP, Key.RTC_TURN_CREDENTIALS_EXPIRATION_MINUTES);
        ignore("rtc", "ice_address_udp", "ice_address_tcp", "enable_ipv6", "ice_host_port_override", "udp_sockets_count",
                "nack_buffer_size", "nack_disable_copy");
        add("store", "data_source", Kind.MAP, Key.STORE_DATA_SOURCE);
        add("logger", "enable_console", Kind.MAP, Key.LOGGER_ENABLE_CONSOLE);
        add("logger", "console_level", Kind.MAP, Key.LOGGER_CONSOLE_LEVEL);
        add("logger", "enable_file", Kind.MAP, Key.LOGGER_ENABLE_FILE);
        add("logger", "file_level", Kind.MAP, Key.LOGGER_FILE_LEVEL);
        add("logger", "file_location", Kind.MAP, Key.LOGGER_FILE_LOCATION);
        add("logger", "console_json", Kind.MAP, Key.LOGGER_CONSOLE_JSON);
        add("logger", "file_json", Kind.MAP, Key.LOGGER_FILE_JSON);
        ignore("logger", "enable_color");
    }

    private static void add(String section, String path, Kind kind, Key target) {
        TABLE.computeIfAbsent(section, s -> new LinkedHashMap<>()).put(path, new Entry(path, kind, target));
    }

    private static void ignore(String section, String... paths) {
        for (String p : paths) {
            add(section, p, Kind.IGNORE, null);
        }
    }

    /**
     * Which layout {@code root} uses: rtcd's when it has {@code [api]}, ours when it has {@code [HTTP]},
     * otherwise whichever layout more of the keys in the shared sections belong to (ours on a tie).
     *
     * @throws ConfigException when the file has both {@code [HTTP]} and {@code [api]}
     */
    static boolean isRtcdLayout(JsonNode root) {
        Map<String, Map.Entry<String, JsonNode>> top = TomlTables.fields(root, "", "");
        if (top.containsKey("http") && top.containsKey("api")) {
            throw new ConfigException("api", "[" + top.get("http").getKey() + "] and [" + top.get("api").getKey() + "]",
                    null, "cannot be mixed in one file: [HTTP] is the deployment guide's layout, [api] is rtcd's"
                    + " (pick one; see docs/config.md)");
        }
        if (top.containsKey("api") || top.containsKey("http")) {
            return top.containsKey("api");
        }
        int rtcd = 0;
        int ours = 0;
        for (String section : List.of("rtc", "store", "logger")) {
            JsonNode node = top.containsKey(section) ? top.get(section).getValue() : null;
            if (node != null && node.isObject()) {
                for (String path : flatten(node, "", section).keySet()) {
                    rtcd += TABLE.get(section).containsKey(path.toLowerCase(Locale.ROOT)) ? 1 : 0;
                    ours += Key.find(section, path).isPresent() ? 1 : 0;
                }
            }
        }
        return rtcd > ours;
    }

    /** Reads an rtcd-layout file; names of accepted but unimplemented keys go to {@code ignored}. */
    static void read(JsonNode root, RawValues out, List<String> ignored) {
        Map<String, RawValues.Raw> tls = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : TomlTables.fields(root, "", "").values()) {
            String name = field.getKey();
            String lower = name.toLowerCase(Locale.ROOT);
            Optional<String> extra = Key.EXTRA_SECTIONS.stream().filter(s -> s.equalsIgnoreCase(name)).findFirst();
            if (extra.isPresent()) {
                NativeLayout.readSection(extra.get(), name, field.getValue(), out);
            } else if (TABLE.containsKey(lower)) {
                readSection(lower, field.getValue(), out, ignored, tls);
            } else {
                List<String> known = new ArrayList<>(SECTIONS);
                known.addAll(Key.EXTRA_SECTIONS);
                throw NativeLayout.unknownTopLevel(name, field.getValue(), known);
            }
        }
        applyTls(tls, out, ignored);
        if (!out.has(Key.HTTP_SERVER_PORT)) {
            listenAddress(DEFAULT_LISTEN_ADDRESS, "api.http.listen_address",
                    "[api] http.listen_address (rtcd's default \"" + DEFAULT_LISTEN_ADDRESS + "\")", out);
        }
        for (Key port : List.of(Key.RTC_ICE_PORT_UDP, Key.RTC_ICE_PORT_TCP)) {
            if (!out.has(port)) {
                String path = port == Key.RTC_ICE_PORT_UDP ? "ice_port_udp" : "ice_port_tcp";
                out.put(port, new RawValues.Raw(IntNode.valueOf(DEFAULT_ICE_PORT), "rtc." + path,
                        "[rtc] " + path + " (rtcd's default)", String.valueOf(DEFAULT_ICE_PORT)));
            }
        }
    }

    /**
     * rtcd serves TLS when {@code http.tls.enable} is true, from {@code cert_file} and {@code cert_key}: so do we
     * ({@code [HTTP] TLSCertFile}, {@code TLSKeyFile}). Asked for without both files it is refused, rather than
     * served as plain HTTP; the files without {@code enable = true} are not used, as in rtcd.
     */
    private static void applyTls(Map<String, RawValues.Raw> tls, RawValues out, List<String> ignored) {
        RawValues.Raw enable = tls.get("enable");
        boolean on = enable != null && enable.node().booleanValue();
        RawValues.Raw cert = tls.get("http.tls.cert_file");
        RawValues.Raw key = tls.get("http.tls.cert_key");
        if (on) {
            if (cert == null || key == null) {
                throw new ConfigException(enable.id(), enable.label(), "true", "needs http.tls.cert_file and"
                        + " http.tls.cert_key (PEM files), or terminate TLS in nginx in front of it (deployment guide,"
                        + " Step 4) and set it to false");
            }
            out.put(Key.HTTP_TLS_CERT_FILE, cert);
            out.put(Key.HTTP_TLS_KEY_FILE, key);
        } else {
            for (RawValues.Raw unused : new RawValues.Raw[]{cert, key}) {
                if (unused != null) {
                    ignored.add(unused.label());
                }
            }
        }
    }

    private static void readSection(String section, JsonNode node, RawValues out, List<String> ignored,
                                    Map<String, RawValues.Raw> tls) {
        if (!node.isObject()) {
            throw new ConfigException(section, section, null, "must be a section ([" + section + "]), not a value");
        }
        for (Map.Entry<String, JsonNode> leaf : flatten(node, "", section).entrySet()) {
            String path = leaf.getKey();
            String id = section + "." + path;
            String label = "[" + section + "] " + path;
            Entry entry = TABLE.get(section).get(path.toLowerCase(Locale.ROOT));
            if (entry == null) {
                throw unknownKey(section, path, id, label);
            }
            JsonNode value = leaf.getValue();
            switch (entry.kind()) {
                case MAP -> out.put(entry.target(), new RawValues.Raw(value, id, label,
                        entry.target().secret ? null : RawValues.render(value)));
                case IGNORE -> ignored.add(label);
                case LISTEN_ADDRESS -> {
                    if (!value.isTextual()) {
                        throw new ConfigException(id, label, RawValues.render(value), "must be a string such as \":8045\"");
                    }
                    listenAddress(value.textValue(), id, label, out);
                }
                case TLS_ENABLE -> {
                    if (!value.isBoolean()) {
                        throw new ConfigException(id, label, RawValues.render(value), "must be true or false");
                    }
                    tls.put("enable", new RawValues.Raw(value, id, label, RawValues.render(value)));
                }
                case TLS_FILE -> tls.put(path.toLowerCase(Locale.ROOT),
                        new RawValues.Raw(value, id, label, RawValues.render(value)));
                default -> throw new IllegalStateException(entry.kind().name());
            }
        }
    }

    /** {@code host:port}, {@code :port} (all interfaces) or {@code [v6]:port} → ServerAddress and ServerPort. */
    static void listenAddress(String text, String id, String label, RawValues out) {
        String shown = TomlText.quote(text);
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new ConfigException(id, label, shown, "must be host:port or :port, e.g. \":8045\"");
        }
        String host = text.substring(0, colon).trim();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1).trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(id, label, shown, "must end in a port number, e.g. \":8045\"");
        }
        out.put(Key.HTTP_SERVER_ADDRESS, new RawValues.Raw(TextNode.valueOf(host.isEmpty() ? "0.0.0.0" : host),
                id, label, shown));
        out.put(Key.HTTP_SERVER_PORT, new RawValues.Raw(IntNode.valueOf(port), id, label, shown));
    }

    private static ConfigException unknownKey(String section, String path, String id, String label) {
        String problem = "unknown key" + Suggest.hint(path, TABLE.get(section).keySet());
        Optional<Key> ours = Key.find(section, path);
        if (ours.isPresent()) {
            String rtcdName = TABLE.get(section).values().stream().filter(e -> e.target() == ours.get())
                    .map(Entry::path).findFirst().orElse("?");
            problem = "is the deployment guide's spelling, but this file uses rtcd's layout; write it as " + rtcdName;
        }
        return new ConfigException(id, label, null, problem);
    }

    /** The key of ours that rtcd's {@code section.path} maps to, if any (section and path in any case). */
    static Optional<Key> targetOf(String section, String path) {
        Map<String, Entry> entries = TABLE.get(section.toLowerCase(Locale.ROOT));
        Entry e = entries == null ? null : entries.get(path.toLowerCase(Locale.ROOT));
        return e == null ? Optional.empty() : Optional.ofNullable(e.target());
    }

    /** Leaves of nested tables as dotted paths in the file's spelling ({@code http.tls.enable}). */
    private static Map<String, JsonNode> flatten(JsonNode table, String prefix, String section) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        String where = "[" + section + "]" + (prefix.isEmpty() ? "" : " " + prefix.substring(0, prefix.length() - 1));
        for (Map.Entry<String, JsonNode> f : TomlTables.fields(table, section + "." + prefix, where).values()) {
            String path = prefix + f.getKey();
            if (f.getValue().isObject()) {
                out.putAll(flatten(f.getValue(), path + ".", section));
            } else {
                out.put(path, f.getValue());
            }
        }
        return out;
    }
}
