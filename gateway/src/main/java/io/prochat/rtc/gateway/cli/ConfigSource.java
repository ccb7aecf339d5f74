package io.prochat.rtc.gateway.cli;

import io.prochat.rtc.gateway.config.ConfigLoader;
import io.prochat.rtc.gateway.config.GatewayConfig;

import java.nio.file.Path;
import java.util.function.Consumer;

/** Loads the configuration the way every command does: file (optional), then PROCHAT_* environment. */
final class ConfigSource {
    private ConfigSource() {
    }

    static GatewayConfig load(Path file) {
        return ConfigLoader.load(file, System.getenv());
    }

    /** As {@link #load(Path)}, with the warnings handed to {@code warn} instead of logged at once. */
    static GatewayConfig load(Path file, Consumer<String> warn) {
        return ConfigLoader.load(file, System.getenv(), warn);
    }
}
