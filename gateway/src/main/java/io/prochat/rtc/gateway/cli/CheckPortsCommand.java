package io.prochat.rtc.gateway.cli;

import io.prochat.rtc.gateway.config.GatewayConfig;
import io.prochat.rtc.gateway.deploy.PortCheck;
import io.prochat.rtc.gateway.deploy.ProcNet;
import io.prochat.rtc.gateway.deploy.SocketOwners;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "check-ports", mixinStandardHelpOptions = true,
        description = {"Show which of the ports this configuration needs, and Jitsi's, are in use and by which"
                + " process, with a free port option from the deployment guide.",
                "Exit status: 0 the configuration can start, 1 a port it needs is taken, 2 bad config."})
final class CheckPortsCommand implements Callable<Integer> {
    private static final Path PROC = Path.of("/proc");

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "TOML config (default: built-in defaults)")
    Path config;

    @Override
    public Integer call() {
        GatewayConfig cfg = ConfigSource.load(config);
        PortCheck.Result result;
        try {
            result = new PortCheck(ProcNet.read(PROC), SocketOwners.scan(PROC))
                    .check(cfg, config == null ? "built-in defaults" : config.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/net (Linux only): " + e.getMessage(), e);
        }
        System.out.print(result.text());
        return result.exitStatus();
    }
}
