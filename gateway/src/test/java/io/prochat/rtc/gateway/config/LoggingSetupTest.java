package io.prochat.rtc.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LoggingSetupTest {
    @TempDir
    Path dir;

    /** Puts back whatever logback-test.xml configured, for the other tests in this JVM. */
    @AfterEach
    void restore() throws Exception {
        LoggerContext ctx = context();
        ctx.reset();
        new ContextInitializer(ctx).autoConfig();
    }

    private static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }

    @Test
    void fileAppenderWritesAtFileLevelAndNoisyLibrariesStayAtWarn() throws Exception {
        Path file = dir.resolve("logs/gateway.log");
        LoggingSetup.apply(new LoggerConfig(false, "ERROR", true, file.toString(), "DEBUG"));

        Logger ours = LoggerFactory.getLogger("io.prochat.rtc.test");
        ours.debug("debug line kept");
        ours.trace("trace line dropped");
        LoggerFactory.getLogger("org.eclipse.jetty.server.Server").info("jetty info dropped");
        LoggerFactory.getLogger("org.ice4j.ice.Agent").warn("ice4j warn kept");
        java.util.logging.Logger.getLogger("org.ice4j.stack.StunStack").warning("jul warn kept");
        java.util.logging.Logger.getLogger("org.ice4j.stack.StunStack").fine("jul fine dropped");

        String text = Files.readString(file);
        assertThat(text).contains("debug line kept", "ice4j warn kept", "jul warn kept")
                .doesNotContain("trace line dropped", "jetty info dropped", "jul fine dropped");
        assertThat(context().getLogger("org.eclipse.jetty").getLevel()).isEqualTo(Level.WARN);
        assertThat(context().getLogger("org.ice4j").getLevel()).isEqualTo(Level.WARN);
        assertThat(context().getLogger(Logger.ROOT_LOGGER_NAME).getAppender("console")).isNull();
    }

    @Test
    void consoleOnlyByDefault() {
        LoggingSetup.apply(LoggerConfig.defaults());

        ch.qos.logback.classic.Logger root = context().getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getAppender("console")).isNotNull();
        assertThat(root.getAppender("file")).isNull();
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void anUnwritableLogFileNamesTheKey() throws Exception {
        Path notADir = Files.writeString(dir.resolve("plain-file"), "x");

        assertThatThrownBy(() -> LoggingSetup.apply(
                new LoggerConfig(true, "INFO", true, notADir.resolve("gateway.log").toString(), "DEBUG")))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("Logger.FileLocation"));
    }
}
