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
 * @param consoleJson   console lines as JSON objects, one a line (rtcd's {@code console_json})
 * @param fileJson      file lines as JSON objects, one a line (rtcd's {@code file_json})
 * @param fileMaxSizeMB the file is rotated when it reaches this many MiB (1–10240)
 * @param fileMaxBackups rotated files kept, {@code FileLocation.1} the newest (1–100)
 */
public record LoggerConfig(boolean enableConsole, String consoleLevel, boolean enableFile, String fileLocation,
                           String fileLevel, boolean consoleJson, boolean fileJson, int fileMaxSizeMB,
                           int fileMaxBackups) {
    static final String SECTION = "Logger";
    public static final int DEFAULT_FILE_MAX_SIZE_MB = 100;
    public static final int DEFAULT_FILE_MAX_BACKUPS = 10;

    public LoggerConfig {
        consoleLevel = Checks.level(SECTION, "ConsoleLevel", Objects.requireNonNullElse(consoleLevel, "INFO"));
        fileLevel = Checks.level(SECTION, "FileLevel", Objects.requireNonNullElse(fileLevel, "DEBUG"));
        fileLocation = Objects.requireNonNullElse(fileLocation, "prochat-rtc.log");
        if (enableFile) {
            Checks.nonBlank(SECTION, "FileLocation", fileLocation);
        }
        if (fileMaxSizeMB < 1 || fileMaxSizeMB > 10240) {
            throw ConfigException.at(SECTION, "FileMaxSizeMB", fileMaxSizeMB, "must be between 1 and 10240");
        }
        if (fileMaxBackups < 1 || fileMaxBackups > 100) {
            throw ConfigException.at(SECTION, "FileMaxBackups", fileMaxBackups, "must be between 1 and 100");
        }
        if (!enableConsole && !enableFile) {
            throw ConfigException.at(SECTION, "EnableConsole", false,
                    "at least one of EnableConsole and EnableFile must be true");
        }
    }

    /** Plain-text lines, the file rotated at 100 MiB with 10 kept. */
    public LoggerConfig(boolean enableConsole, String consoleLevel, boolean enableFile, String fileLocation,
                        String fileLevel) {
        this(enableConsole, consoleLevel, enableFile, fileLocation, fileLevel, false, false, DEFAULT_FILE_MAX_SIZE_MB,
                DEFAULT_FILE_MAX_BACKUPS);
    }

    /** Console at INFO; the file is off (at DEBUG in prochat-rtc.log when enabled); text lines. */
    public static LoggerConfig defaults() {
        return new LoggerConfig(true, "INFO", false, "prochat-rtc.log", "DEBUG");
    }
}
