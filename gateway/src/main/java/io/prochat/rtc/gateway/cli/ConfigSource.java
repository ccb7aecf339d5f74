package io.prochat.rtc.gateway.cli;

import io.prochat.rtc.gateway.config.ConfigLoader;
import io.prochat.rtc.gateway.config.GatewayConfig;

import java.nio.file.Path;

/** Loads the configuration the way every command does: file (optional), then PROCHAT_* environment. */
final class ConfigSource {
    private ConfigSource() {
    }

    static GatewayConfig load(Path file) {
        return ConfigLoader.load(file, System.getenv());
    }
}
