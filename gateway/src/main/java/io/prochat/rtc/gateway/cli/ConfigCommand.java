package io.prochat.rtc.gateway.cli;

import io.prochat.rtc.gateway.config.ConfigPrinter;
import io.prochat.rtc.gateway.config.GatewayConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

@Command(name = "config", mixinStandardHelpOptions = true, description = "Work with configuration files.", subcommands = ConfigCommand.Check.class)
final class ConfigCommand {

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate FILE (with PROCHAT_* overrides) and print the effective config, secrets masked.")
    static final class Check implements Runnable {
        @Parameters(paramLabel = "FILE", description = "the TOML file to check")
        Path file;

        @Override
        public void run() {
            GatewayConfig cfg = ConfigSource.load(file);
            System.out.println("# " + file + ": OK. Effective configuration (secrets masked):");
            System.out.print(ConfigPrinter.toToml(cfg));
        }
    }
}
