package io.prochat.rtc.gateway.cli;

import io.prochat.rtc.gateway.Gateway;
import io.prochat.rtc.gateway.config.GatewayConfig;
import io.prochat.rtc.gateway.config.LoggingSetup;
import picocli.CommandLine.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the gateway. Without --config it starts on 127.0.0.1:8443 with an embedded store.")
final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "TOML config: the deployment guide's layout or rtcd's own; PROCHAT_* variables override it")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        // The config's own warnings wait for [Logger]: they belong in the same places as every other line.
        List<String> warnings = new ArrayList<>();
        GatewayConfig cfg = ConfigSource.load(config, warnings::add);
        LoggingSetup.apply(cfg.logger());
        warnings.forEach(log::warn);
        Gateway gateway = Gateway.start(cfg, Clock.systemUTC(), System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
