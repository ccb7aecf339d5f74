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
        try {
            return cli.execute(args);
        } catch (LinkageError e) {
            // picocli hands Errors on: a library missing from the jar would otherwise end in a stack trace.
            cli.getErr().println("prochat-rtc: cannot start: " + missingLibrary(e));
            return EXIT_START;
        }
    }

    /** Which feature a class that failed to load belongs to, by its package, and the class itself. */
    static String missingLibrary(LinkageError e) {
        String missing = e.getMessage() == null ? e.toString() : e.getMessage().replace('/', '.');
        String feature;
        if (missing.startsWith("com.auth0.")) {
            feature = "signed Jitsi links ([Jitsi] AppID, AppSecret) need java-jwt";
        } else if (missing.startsWith("org.jivesoftware.") || missing.startsWith("org.jxmpp.")
                || missing.startsWith("org.minidns.")) {
            feature = "Jitsi room control ([Jitsi] XMPPHost) needs Smack";
        } else if (missing.startsWith("okhttp3.") || missing.startsWith("okio.")) {
            feature = "the Mattermost bot ([Mattermost] URL) needs OkHttp";
        } else if (missing.startsWith("org.ice4j.") || missing.startsWith("org.bouncycastle.")) {
            feature = "the SFU needs ice4j and BouncyCastle";
        } else {
            feature = "a library";
        }
        return feature + ", which is missing from this build (" + e.getClass().getSimpleName() + ": " + missing
                + "); rebuild the jar with ./prochat-rtc or mvn package";
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
