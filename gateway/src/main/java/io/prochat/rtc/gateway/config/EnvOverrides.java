package io.prochat.rtc.gateway.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code PROCHAT_<SECTION>_<KEY>} environment variables, named after our layout in upper case. They win
 * over the file and over rtcd's own {@code RTCD_*} names ({@link RtcdEnv}), which are read too. Lists are
 * comma-separated; ICE servers are JSON. An unknown {@code PROCHAT_} variable
 * is an error, so that a typo cannot silently leave a default in place.
 */
final class EnvOverrides {
    static final String PREFIX = "PROCHAT_";
    /** Read by the command line, not by the loader (the config file's path). */
    static final Set<String> RESERVED = Set.of("PROCHAT_CONFIG");
    private static final JsonMapper JSON = new JsonMapper();

    private EnvOverrides() {
    }

    static void apply(Map<String, String> env, RawValues out, List<String> warnings) {
        RtcdEnv.apply(env, out, warnings); // rtcd's names first: ours win
        List<String> names = Arrays.stream(Key.values()).map(Key::envName).toList();
        // Sorted, so that with several bad variables the same one is reported every time.
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(PREFIX) || RESERVED.contains(name)) {
                continue;
            }
            Key key = Arrays.stream(Key.values()).filter(k -> k.envName().equals(name)).findFirst()
                    .orElseThrow(() -> new ConfigException(name, name, null,
                            "unknown setting" + Suggest.hint(name.toUpperCase(Locale.ROOT), names)));
            put(key, name, e.getValue(), out);
        }
    }

    /** Converts one variable's text to {@code key}'s type and records it, named after the variable. */
    static void put(Key key, String name, String text, RawValues out) {
        JsonNode node = convert(key, name, text);
        out.put(key, new RawValues.Raw(node, name, name, key.secret ? null : RawValues.render(node)));
    }

    private static JsonNode convert(Key key, String name, String text) {
        String shown = key.secret ? null : TomlText.quote(text);
        String trimmed = text.trim();
        switch (key.type) {
            case STRING:
                return TextNode.valueOf(text);
            case INT:
                try {
                    return IntNode.valueOf(Integer.parseInt(trimmed));
                } catch (NumberFormatException ex) {
                    throw new ConfigException(name, name, shown, "must be an integer");
                }
            case BOOL:
                if (trimmed.equalsIgnoreCase("true") || trimmed.equalsIgnoreCase("false")) {
                    return BooleanNode.valueOf(Boolean.parseBoolean(trimmed));
                }
                throw new ConfigException(name, name, shown, "must be true or false");
            case STRING_LIST:
                ArrayNode list = JsonNodeFactory.instance.arrayNode();
                Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(list::add);
                return list;
            case ICE_SERVERS:
                try {
                    return JSON.readTree(trimmed.isEmpty() ? "[]" : trimmed);
                } catch (JacksonException ex) {
                    // Jackson's message may quote the input, which can hold a TURN credential: keep only the place.
                    int column = ex.getLocation() == null ? -1 : ex.getLocation().getColumnNr();
                    throw new ConfigException(name, name, null, "must be JSON such as"
                            + " [{\"urls\":[\"stun:stun.example.org:3478\"]}] (invalid at column " + column + ")");
                }
            default:
                throw new IllegalStateException(key.type.name());
        }
    }
}
