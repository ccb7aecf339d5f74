package io.prochat.rtc.gateway.cli;

import io.prochat.rtc.gateway.Gateway;
import io.prochat.rtc.gateway.SfuNode;
import io.prochat.rtc.gateway.cluster.Role;
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
    /** The first signal starts the drain; another one during it ends the process at once (status 130/143). */
    private static boolean handle(String name, CountDownLatch stop) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                if (stop.getCount() == 0) {
                    Runtime.getRuntime().halt(128 + signal.getNumber());
                }
                stop.countDown();
            });
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return false; // the JVM reserves it (e.g. -Xrs)
        }
    }

    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "TOML config: the deployment guide's layout or rtcd's own; PROCHAT_* variables override it")
    Path config;

    @Option(names = "--role", paramLabel = "ROLE", defaultValue = "all",
            converter = RoleConverter.class,
            description = "all (default): everything in one process; sfu: an SFU node that gateways place huddles on; "
                    + "gateway: the API, chat and Jitsi, placing huddles on SFU nodes. Cluster roles need a shared "
                    + "PostgreSQL store and [Cluster] Secret")
    Role role = Role.ALL;

    static final class RoleConverter implements picocli.CommandLine.ITypeConverter<Role> {
        @Override
        public Role convert(String value) {
            for (Role r : Role.values()) {
                if (r.name().equalsIgnoreCase(value)) {
                    return r;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a role: all, sfu or gateway");
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        // The config's own warnings wait for [Logger]: they belong in the same places as every other line.
        List<String> warnings = new ArrayList<>();
        GatewayConfig cfg = ConfigSource.load(config, warnings::add);
        LoggingSetup.apply(cfg.logger());
        warnings.forEach(log::warn);
        if (role == Role.SFU) {
            return serveNode(cfg);
        }
        Gateway gateway = Gateway.start(cfg, Clock.systemUTC(), System.out, role);
        // SIGTERM and SIGINT start the graceful drain on this thread instead of the JVM's shutdown, which would
        // give hooks no time to wait and would end with status 143. A second signal during the drain stops at once.
        CountDownLatch stop = new CountDownLatch(1);
        boolean handled = handle("TERM", stop) & handle("INT", stop);
        Thread hook = new Thread(gateway::close, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook); // any other way out (System.exit elsewhere, signals not handled)
        if (!handled) {
            log.warn("cannot handle SIGTERM here: stopping will not drain calls");
        }
        stop.await();
        log.info("stop asked: draining (up to [Gateway] DrainTimeoutSeconds = {})", cfg.gateway().drainTimeoutSeconds());
        try {
            gateway.drain();
        } finally {
            gateway.close();
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        log.info("stopped");
        return 0;
    }

    /** An SFU node until SIGTERM, then its drain (marked draining in the store first), then stop. */
    private int serveNode(GatewayConfig cfg) throws InterruptedException {
        SfuNode node = SfuNode.start(cfg, Clock.systemUTC());
        CountDownLatch stop = new CountDownLatch(1);
        boolean handled = handle("TERM", stop) & handle("INT", stop);
        Thread hook = new Thread(node::close, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (!handled) {
            log.warn("cannot handle SIGTERM here: stopping will not drain calls");
        }
        stop.await();
        log.info("stop asked: draining SFU node {} (up to [Gateway] DrainTimeoutSeconds = {})", node.id(),
                cfg.gateway().drainTimeoutSeconds());
        try {
            node.drain();
        } finally {
            node.close();
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        log.info("stopped");
        return 0;
    }
}
