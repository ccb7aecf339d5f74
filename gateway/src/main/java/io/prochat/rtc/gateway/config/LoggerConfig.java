package io.prochat.rtc.gateway.config;

import java.util.Objects;

/**
 * {@code [Logger]}: where log lines go. Levels are TRACE, DEBUG, INFO, WARN, ERROR or OFF (any case;
 * stored upper case). At least one target must be enabled, as in rtcd.
 *
 * @param enableConsole whether to log to standard output
 * @param consoleLevel  lowest level written to the console
 * @param enableFile    whether to log to {@code fileLocation}
 * @param fileLocation  log file path (relative paths are relative to the working directory)
 * @param fileLevel     lowest level written to the file
 */
public record LoggerConfig(boolean enableConsole, String consoleLevel, boolean enableFile, String fileLocation,
                           String fileLevel) {
    static final String SECTION = "Logger";

    public LoggerConfig {
        consoleLevel = Checks.level(SECTION, "ConsoleLevel", Objects.requireNonNullElse(consoleLevel, "INFO"));
        fileLevel = Checks.level(SECTION, "FileLevel", Objects.requireNonNullElse(fileLevel, "DEBUG"));
        fileLocation = Objects.requireNonNullElse(fileLocation, "prochat-rtc.log");
        if (enableFile) {
            Checks.nonBlank(SECTION, "FileLocation", fileLocation);
        }
        if (!enableConsole && !enableFile) {
            throw ConfigException.at(SECTION, "EnableConsole", false,
                    "at least one of EnableConsole and EnableFile must be true");
        }
    }

    /** Console at INFO; the file is off (at DEBUG in prochat-rtc.log when enabled). */
    public static LoggerConfig defaults() {
        return new LoggerConfig(true, "INFO", false, "prochat-rtc.log", "DEBUG");
    }
}
