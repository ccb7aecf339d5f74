package io.prochat.rtc.gateway.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the configuration: defaults, then the TOML file (our layout or rtcd's, detected), then
 * {@code PROCHAT_*} environment variables. Any problem is one {@link ConfigException}.
 */
public final class ConfigLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
    private static final TomlMapper TOML = new TomlMapper();
    static final String FILE_KEY = "file";

    private ConfigLoader() {
    }

    /**
     * @param fileOrNull the TOML file, or null for defaults (plus environment)
     * @param env        the environment ({@code System.getenv()} in production)
     * @throws ConfigException naming the key and the problem
     */
    public static GatewayConfig load(Path fileOrNull, Map<String, String> env) throws ConfigException {
        return load(fileOrNull, env, LOG::warn);
    }

    /** As {@link #load(Path, Map)}, with warnings (ignored rtcd keys, stray RTCD_ variables) sent to {@code warn}. */
    public static GatewayConfig load(Path fileOrNull, Map<String, String> env, Consumer<String> warn) {
        RawValues values = new RawValues();
        List<String> ignored = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (fileOrNull != null) {
            JsonNode root = parse(fileOrNull);
            if (RtcdLayout.isRtcdLayout(root)) {
                RtcdLayout.read(root, values, ignored);
            } else {
                NativeLayout.read(root, values);
            }
        }
        EnvOverrides.apply(env, values, warnings);
        GatewayConfig config = Binder.bind(values);
        if (!ignored.isEmpty()) {
            warn.accept("config: accepted but ignored (not implemented yet in ProChat RTC): " + String.join(", ", ignored));
        }
        warnings.forEach(w -> warn.accept("config: " + w));
        return config;
    }

    /** Parses {@code text} as TOML; errors name {@code where} and the line. */
    static JsonNode parse(String text, String where) {
        try {
            JsonNode root = TOML.readTree(text);
            return root == null || root.isMissingNode() ? TOML.createObjectNode() : root;
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String line = at == null || at.getLineNr() < 1 ? "" : ", line " + at.getLineNr();
            String why = e.getOriginalMessage() == null ? "not valid TOML" : e.getOriginalMessage().split("\\R", 2)[0];
            throw new ConfigException(FILE_KEY, where + line, null, "not valid TOML: " + why);
        }
    }

    private static JsonNode parse(Path file) {
        String where = "config file " + file;
        if (!Files.exists(file)) {
            throw new ConfigException(FILE_KEY, where, null, "not found (start without a config file to use the defaults)");
        }
        if (Files.isDirectory(file)) {
            throw new ConfigException(FILE_KEY, where, null, "is a directory, not a TOML file");
        }
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), where);
        } catch (CharacterCodingException e) {
            throw new ConfigException(FILE_KEY, where, null, "is not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(FILE_KEY, where, null, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }
}
