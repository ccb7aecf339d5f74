package io.prochat.rtc.gateway.cli;

import io.prochat.rtc.gateway.api.ApiKeys;
import io.prochat.rtc.gateway.config.GatewayConfig;
import io.prochat.rtc.gateway.store.ApiKeyStore;
import io.prochat.rtc.gateway.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;

@Command(name = "api-key", mixinStandardHelpOptions = true, description = "Manage the API keys kept in the store.", subcommands = ApiKeyCommand.Create.class)
final class ApiKeyCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Add a new API key to the store and print it once. Stop the gateway first (the embedded store is single-process).")
    static final class Create implements Runnable {
        @Option(names = "--label", defaultValue = "created with api-key create", description = "what the key is for")
        String label;
        @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "TOML config naming the store")
        Path config;

        @Override
        public void run() {
            GatewayConfig cfg = ConfigSource.load(config);
            try (Database db = Database.open(cfg.store().jdbcUrl())) {
                String key = ApiKeys.generate();
                new ApiKeyStore(db).add(ApiKeys.hashHex(key), label, Clock.systemUTC().instant());
                System.out.println(key);
                System.err.println("stored (hashed) in " + cfg.store().dataSource() + "; this is the only time it is shown");
            }
        }
    }
}
