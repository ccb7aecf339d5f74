package io.prochat.rtc.gateway;

import io.prochat.rtc.gateway.cli.RootCommand;
import io.prochat.rtc.gateway.config.ConfigException;
import io.prochat.rtc.gateway.store.StoreException;
import picocli.CommandLine;

/** Entry point: the picocli commands, and one-line errors with distinct exit codes for operators. */
public final class Main {
    /** Exit code for a configuration error (start-up refused). */
    public static final int EXIT_CONFIG = 2;
    /** Exit code when the gateway cannot start for another reason (store, port in use). */
    public static final int EXIT_START = 1;

    private Main() {
    }

    public static void main(String[] args) {
        System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new RootCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException) {
                commandLine.getErr().println("prochat-rtc: config error: " + e.getMessage());
                return EXIT_CONFIG;
            }
            if (e instanceof StoreException) {
                commandLine.getErr().println("prochat-rtc: " + e.getMessage());
                return EXIT_START;
            }
            if (e instanceof IllegalArgumentException) {
                commandLine.getErr().println("prochat-rtc: " + e.getMessage());
                return EXIT_CONFIG;
            }
            commandLine.getErr().println("prochat-rtc: cannot start: " + firstLine(e));
            return EXIT_START;
        });
        return cli.execute(args);
    }

    private static String firstLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && t.getMessage() == null) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
