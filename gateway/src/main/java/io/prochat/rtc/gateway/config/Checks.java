package io.prochat.rtc.gateway.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/** Value checks shared by the section records; each failure names its key. */
final class Checks {
    private Checks() {
    }

    static int port(String section, String name, int value) {
        if (value < 1 || value > 65535) {
            throw ConfigException.at(section, name, value, "must be a port between 1 and 65535");
        }
        return value;
    }

    static int positive(String section, String name, int value) {
        if (value < 1) {
            throw ConfigException.at(section, name, value, "must be a positive number");
        }
        return value;
    }

    static int nonNegative(String section, String name, int value) {
        if (value < 0) {
            throw ConfigException.at(section, name, value, "must be 0 (off) or a positive number");
        }
        return value;
    }

    /** 0, which stands for {@code zeroMeans} (e.g. "the OS default"), or more. */
    static int zeroOrPositive(String section, String name, int value, String zeroMeans) {
        if (value < 0) {
            throw ConfigException.at(section, name, value, "must be 0 (" + zeroMeans + ") or a positive number");
        }
        return value;
    }

    static int atMost(String section, String name, int value, int max, String why) {
        if (value > max) {
            throw ConfigException.at(section, name, value, "must be at most " + max + ": " + why);
        }
        return value;
    }

    static String nonBlank(String section, String name, String value) {
        if (value.isBlank()) {
            throw ConfigException.at(section, name, value, "must not be empty");
        }
        return value;
    }

    static String noSpaces(String section, String name, String value) {
        if (value.chars().anyMatch(Character::isWhitespace)) {
            throw ConfigException.at(section, name, value, "must not contain spaces");
        }
        return value;
    }

    /** "" stays ""; anything else must be an absolute http(s) URL; trailing slashes are dropped. */
    static String optionalHttpUrl(String section, String name, String value) {
        if (value.isEmpty()) {
            return value;
        }
        String problem = "must be an http:// or https:// URL";
        int afterScheme = value.indexOf("://") + 3;
        if (afterScheme > 2 && value.indexOf("://", afterScheme) >= 0) {
            // e.g. "https://https://meet.example.org" (in the deployment guide's Option B), which URI accepts.
            throw ConfigException.at(section, name, value, "has the scheme twice; " + problem);
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getQuery() != null || uri.getFragment() != null) {
                throw ConfigException.at(section, name, value, problem);
            }
        } catch (URISyntaxException e) {
            throw ConfigException.at(section, name, value, problem);
        }
        String trimmed = value;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    /** "" stays ""; a host name must resolve now (an IP literal always does), as the SFU resolves it at start. */
    static String resolves(String section, String name, String value) {
        if (!value.isEmpty()) {
            try {
                InetAddress.getByName(value);
            } catch (UnknownHostException e) {
                throw ConfigException.at(section, name, value, "the name does not resolve");
            }
        }
        return value;
    }

    /** Upper-cases a log level and checks it is one logback knows. */
    static String level(String section, String name, String value) {
        String upper = value.trim().toUpperCase(Locale.ROOT);
        if (upper.equals("WARNING")) {
            upper = "WARN";
        }
        return switch (upper) {
            case "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF" -> upper;
            default -> throw ConfigException.at(section, name, value,
                    "must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF");
        };
    }
}
