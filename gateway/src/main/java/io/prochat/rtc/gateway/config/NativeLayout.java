package io.prochat.rtc.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the deployment guide's layout ({@code [HTTP] ServerPort}, {@code [[RTC.ICEServers]]}, …) and
 * our own sections, which may also appear in an rtcd-layout file. Only checks names and places
 * values; types and ranges are checked when the records are built.
 */
final class NativeLayout {
    private NativeLayout() {
    }

    static void read(JsonNode root, RawValues out) {
        for (Map.Entry<String, JsonNode> field : TomlTables.fields(root, "", "").values()) {
            String name = field.getKey();
            JsonNode node = field.getValue();
            Optional<String> section = Key.SECTIONS.stream().filter(s -> s.equalsIgnoreCase(name)).findFirst();
            if (section.isEmpty()) {
                throw unknownTopLevel(name, node, Key.SECTIONS);
            }
            readSection(section.get(), name, node, out);
        }
    }

    /** Reads one of our sections; {@code written} is the section name as the file spells it. */
    static void readSection(String section, String written, JsonNode node, RawValues out) {
        if (!node.isObject()) {
            throw new ConfigException(written, written, null, "must be a section ([" + section + "]), not a value");
        }
        String where = "[" + section + "]";
        for (Map.Entry<String, JsonNode> field : TomlTables.fields(node, section + ".", where).values()) {
            String keyName = field.getKey();
            Optional<Key> key = Key.find(section, keyName);
            if (key.isEmpty()) {
                throw unknownKey(section, keyName);
            }
            out.putFromFile(key.get(), field.getValue());
        }
    }

    private static ConfigException unknownKey(String section, String keyName) {
        List<String> names = Key.inSection(section).stream().map(k -> k.name).toList();
        String problem = "unknown key" + Suggest.hint(keyName, names);
        Optional<Key> rtcdSpelling = RtcdLayout.targetOf(section, keyName);
        if (rtcdSpelling.isPresent() && rtcdSpelling.get().section.equals(section)) {
            problem = "is rtcd's spelling, but this file uses the deployment guide's layout ([HTTP]);"
                    + " write it as " + rtcdSpelling.get().name;
        }
        return new ConfigException(section + "." + keyName, "[" + section + "] " + keyName, null, problem);
    }

    /** An unknown section, or a key outside any section. */
    static ConfigException unknownTopLevel(String name, JsonNode node, List<String> sections) {
        if (!node.isObject()) {
            Optional<Key> home = Arrays.stream(Key.values()).filter(k -> k.name.equalsIgnoreCase(name)).findFirst();
            String problem = home.map(k -> "is outside any section; it belongs in [" + k.section + "]")
                    .orElse("is outside any section and is not a known key");
            return new ConfigException(name, name, null, problem);
        }
        List<String> bracketed = new ArrayList<>();
        sections.forEach(s -> bracketed.add("[" + s + "]"));
        String hint = Suggest.closest(name, sections).map(s -> " (did you mean [" + s + "]?)")
                .orElse(" (sections: " + String.join(", ", bracketed) + ")");
        return new ConfigException(name, "[" + name + "]", null, "unknown section" + hint);
    }
}
