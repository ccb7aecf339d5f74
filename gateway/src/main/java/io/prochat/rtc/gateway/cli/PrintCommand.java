package io.prochat.rtc.gateway.cli;

import io.prochat.rtc.gateway.config.GatewayConfig;
import io.prochat.rtc.gateway.deploy.DeployFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "print", mixinStandardHelpOptions = true,
        description = {"Print a deployment file for this configuration, following the deployment guide:",
                "  systemd  a hardened unit (/etc/systemd/system/prochat-rtc.service)",
                "  nginx    TLS in front of the API and WebSockets (/etc/nginx/sites-available/prochat-rtc)",
                "  ufw      firewall rules for the chosen ports",
                "  env      the environment file for secrets (/etc/prochat-rtc/env)"})
final class PrintCommand implements Callable<Integer> {
    enum What { systemd, nginx, ufw, env }

    @Parameters(paramLabel = "WHAT", description = "systemd, nginx, ufw or env")
    What what;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "TOML config (default: built-in defaults)")
    Path config;

    @Option(names = "--jar", paramLabel = "PATH", defaultValue = "/opt/prochat-rtc/prochat-rtc.jar",
            description = "where the jar is installed (default: ${DEFAULT-VALUE})")
    Path jar;

    @Option(names = "--env-file", paramLabel = "PATH", defaultValue = "/etc/prochat-rtc/env",
            description = "the environment file the unit reads (default: ${DEFAULT-VALUE})")
    Path envFile;

    @Option(names = "--user", defaultValue = "prochat-rtc", description = "system user (default: ${DEFAULT-VALUE})")
    String user;

    @Option(names = "--server-name", paramLabel = "HOST",
            description = "public host name (default: the host of [Gateway] PublicURL, else [RTC] ICEHostOverride)")
    String serverName;

    @Option(names = "--listen-port", defaultValue = "8443",
            description = "TLS port nginx listens on (default: ${DEFAULT-VALUE}, the guide's API port)")
    int listenPort;

    @Option(names = "--cert", paramLabel = "PATH", description = "certificate chain (default: Let's Encrypt's for HOST)")
    Path cert;

    @Option(names = "--key", paramLabel = "PATH", description = "private key (default: Let's Encrypt's for HOST)")
    Path key;

    @Override
    public Integer call() {
        GatewayConfig cfg = ConfigSource.load(config);
        if (listenPort < 1 || listenPort > 65535) {
            throw new IllegalArgumentException("--listen-port " + listenPort + ": must be a port between 1 and 65535");
        }
        String host = serverName != null ? serverName
                : DeployFiles.hostOf(cfg.gateway().publicUrl(),
                cfg.rtc().iceHostOverride().isEmpty() ? "rtc.example.org" : cfg.rtc().iceHostOverride());
        if (!host.matches("[A-Za-z0-9.-]+")) {
            throw new IllegalArgumentException("--server-name " + host + ": must be a host name");
        }
        Path le = Path.of("/etc/letsencrypt/live", host);
        Path configFile = config == null ? Path.of("/etc/prochat-rtc/config.toml") : config.toAbsolutePath();
        DeployFiles files = new DeployFiles(cfg, new DeployFiles.Layout(jar, configFile, envFile, user, host,
                listenPort, cert != null ? cert : le.resolve("fullchain.pem"), key != null ? key : le.resolve("privkey.pem")));
        System.out.print(switch (what) {
            case systemd -> files.systemd();
            case nginx -> files.nginx();
            case ufw -> files.ufw();
            case env -> files.env();
        });
        return 0;
    }
}
