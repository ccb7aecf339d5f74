package io.prochat.rtc.gateway.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Configures logback from {@code [Logger]} in code (no logback.xml): a console appender at
 * ConsoleLevel, a file appender at FileLevel when EnableFile is set. java.util.logging (ice4j, parts of
 * Jitsi's libraries) is routed to SLF4J. Jetty, ice4j and Jitsi library loggers are held at WARN,
 * whatever the levels, because at INFO and below they log per connection and per packet.
 */
public final class LoggingSetup {
    /** Loggers held at WARN; "JitsiConfig" is jitsi-utils' config loader (used by ice4j), logging under that bare name. */
    public static final List<String> NOISY_LOGGERS = List.of("org.eclipse.jetty", "org.ice4j", "org.jitsi", "JitsiConfig");
    /**
     * Loggers held at ERROR: Smack logs every dropped XMPP connection as a WARNING with a stack trace,
     * while Jitsi room control already reports each distinct problem in one line.
     */
    public static final List<String> QUIET_LOGGERS = List.of("org.jivesoftware",
            // ICE-TCP teardown (a browser leaving) logs a WARN "Connector died" stack trace here; the SFU logs the
            // transport's end itself, with its reason (MediaTransport).
            "org.ice4j.stack.Connector");
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n";

    private LoggingSetup() {
    }

    /**
     * Replaces the current logback configuration.
     *
     * @throws ConfigException when the log file cannot be opened
     */
    public static void apply(LoggerConfig c) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();

        LevelChangePropagator julLevels = new LevelChangePropagator();
        julLevels.setContext(ctx);
        julLevels.setResetJUL(true);
        julLevels.start();
        ctx.addListener(julLevels);
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }

        ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level lowest = Level.OFF;
        if (c.enableConsole()) {
            ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            console.setName("console");
            root.addAppender(start(ctx, console, c.consoleLevel(), c.consoleJson()));
            lowest = lower(lowest, Level.toLevel(c.consoleLevel()));
        }
        if (c.enableFile()) {
            // rotated by size: FileLocation.1 is the newest old file, FileLocation.<FileMaxBackups> the oldest kept
            RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
            file.setName("file");
            file.setContext(ctx);
            file.setFile(c.fileLocation());
            file.setAppend(true);
            FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
            rolling.setContext(ctx);
            rolling.setParent(file);
            rolling.setFileNamePattern(c.fileLocation() + ".%i");
            rolling.setMinIndex(1);
            rolling.setMaxIndex(c.fileMaxBackups());
            rolling.start();
            SizeBasedTriggeringPolicy<ILoggingEvent> size = new SizeBasedTriggeringPolicy<>();
            size.setContext(ctx);
            size.setMaxFileSize(new FileSize(c.fileMaxSizeMB() * FileSize.MB_COEFFICIENT));
            // logback looks at the size once a minute by default: a busy minute could overshoot by far
            size.setCheckIncrement(ch.qos.logback.core.util.Duration.buildBySeconds(1));
            size.start();
            file.setRollingPolicy(rolling);
            file.setTriggeringPolicy(size);
            start(ctx, file, c.fileLevel(), c.fileJson());
            if (!file.isStarted()) {
                throw ConfigException.at(LoggerConfig.SECTION, "FileLocation", c.fileLocation(),
                        "cannot be opened for writing");
            }
            root.addAppender(file);
            lowest = lower(lowest, Level.toLevel(c.fileLevel()));
        }
        root.setLevel(lowest);
        for (String name : NOISY_LOGGERS) {
            ctx.getLogger(name).setLevel(Level.WARN);
        }
        for (String name : QUIET_LOGGERS) {
            ctx.getLogger(name).setLevel(Level.ERROR);
        }
    }

    private static <A extends OutputStreamAppender<ILoggingEvent>> A start(LoggerContext ctx, A appender, String level,
                                                                           boolean json) {
        Encoder<ILoggingEvent> encoder;
        if (json) {
            encoder = new JsonLineEncoder();
            encoder.setContext(ctx);
        } else {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setContext(ctx);
            text.setPattern(PATTERN);
            encoder = text;
        }
        encoder.start();
        ThresholdFilter threshold = new ThresholdFilter();
        threshold.setLevel(level);
        threshold.start();
        appender.setContext(ctx);
        appender.setEncoder(encoder);
        appender.addFilter(threshold);
        appender.start();
        return appender;
    }

    private static Level lower(Level a, Level b) {
        return a.isGreaterOrEqual(b) ? b : a;
    }
}
