package io.prochat.rtc.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Values found so far for keys of our layout, each remembering where it came from (a key of either
 * layout, or an environment variable) so that errors name what the operator actually wrote.
 */
final class RawValues {

    /**
     * One value.
     *
     * @param node  the value as read (TOML or converted from the environment)
     * @param id    where it came from, e.g. {@code HTTP.ServerPort}, {@code api.http.listen_address}
     * @param label how messages name that place, e.g. {@code [api] http.listen_address}
     * @param shown the value as messages show it, null for secrets
     */
    record Raw(JsonNode node, String id, String label, String shown) {
        ConfigException error(String problem) {
            return new ConfigException(id, label, shown, problem);
        }
    }

    private final Map<Key, Raw> values = new EnumMap<>(Key.class);

    /** Records a value read from our layout. */
    void putFromFile(Key key, JsonNode node) {
        put(key, new Raw(node, key.id(), key.label(), key.secret ? null : render(node)));
    }

    void put(Key key, Raw raw) {
        values.put(key, raw);
    }

    Optional<Raw> get(Key key) {
        return Optional.ofNullable(values.get(key));
    }

    boolean has(Key key) {
        return values.containsKey(key);
    }

    /**
     * Reports a record's validation error against the key the value came from: an error about
     * {@code HTTP.ServerPort} whose value came from {@code PROCHAT_HTTP_SERVERPORT} names that variable.
     */
    ConfigException relabel(ConfigException e) {
        Optional<Key> key = Key.byId(e.key());
        if (key.isEmpty() || !values.containsKey(key.get())) {
            return e;
        }
        Raw raw = values.get(key.get());
        if (raw.id().equals(e.key())) {
            return e;
        }
        return e.relabel(raw.id(), raw.label(), key.get().secret || e.shownValue() == null ? null : raw.shown());
    }

    /**
     * A TOML-ish rendering for messages: strings quoted, everything else as JSON. A {@code password=} parameter
     * (a JDBC URL's) is masked here, so that no message naming where a value came from can show it.
     */
    static String render(JsonNode node) {
        String text = node.isTextual() ? TomlText.quote(node.textValue()) : node.toString();
        return StoreConfig.redacted(text);
    }
}
