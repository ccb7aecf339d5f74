package io.prochat.rtc.gateway.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test helpers: config files from text or from src/test/resources/config. */
final class ConfigFiles {
    private ConfigFiles() {
    }

    static Path resource(String name) {
        try {
            return Path.of(ConfigFiles.class.getResource("/config/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path write(Path dir, String toml) {
        try {
            return Files.writeString(Files.createTempFile(dir, "config", ".toml"), toml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads {@code toml} (null = no file) with {@code env}; warnings go to {@code warnings}. */
    static GatewayConfig load(Path dir, String toml, Map<String, String> env, List<String> warnings) {
        return ConfigLoader.load(toml == null ? null : write(dir, toml), env, warnings::add);
    }

    static GatewayConfig load(Path dir, String toml, Map<String, String> env) {
        return load(dir, toml, env, new ArrayList<>());
    }

    static GatewayConfig load(Path dir, String toml) {
        return load(dir, toml, Map.of());
    }
}
