package io.prochat.rtc.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Case-insensitive reading of the tables Jackson's TOML module produces. */
final class TomlTables {
    private TomlTables() {
    }

    /**
     * The fields of {@code table} keyed by lower-case name, each with its original spelling. Two
     * fields that differ only in case are an error, as the keys would be the same key.
     *
     * @param where how messages name the table, e.g. {@code [HTTP]}; "" for the top level
     */
    static Map<String, Map.Entry<String, JsonNode>> fields(JsonNode table, String idPrefix, String where) {
        Map<String, Map.Entry<String, JsonNode>> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : table.properties()) {
            String lower = e.getKey().toLowerCase(Locale.ROOT);
            Map.Entry<String, JsonNode> earlier = out.putIfAbsent(lower, e);
            if (earlier != null) {
                String label = !where.isEmpty() ? where + " " + e.getKey()
                        : e.getValue().isObject() ? "[" + e.getKey() + "]" : e.getKey();
                throw new ConfigException(idPrefix + e.getKey(), label, null,
                        "given twice (as " + earlier.getKey() + " and " + e.getKey() + "; keys ignore case)");
            }
        }
        return out;
    }

    /** The field named {@code name} in any case, or null. */
    static JsonNode get(JsonNode table, String name) {
        for (Map.Entry<String, JsonNode> e : table.properties()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
