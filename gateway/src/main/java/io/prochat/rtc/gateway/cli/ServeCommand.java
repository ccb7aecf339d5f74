package io.prochat.rtc.gateway.cli;

import io.prochat.rtc.gateway.Gateway;
import io.prochat.rtc.gateway.config.GatewayConfig;
import io.prochat.rtc.gateway.config.LoggingSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the gateway. Without --config it starts on 127.0.0.1:8443 with an embedded store.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "TOML config: the deployment guide's layout or rtcd's own; PROCHAT_* variables override it")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        GatewayConfig cfg = ConfigSource.load(config);
        LoggingSetup.apply(cfg.logger());
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
