package io.prochat.rtc.gateway.rtcd;

import io.prochat.rtc.gateway.BuildInfo;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /version} in rtcd's camelCase shape (rtcd.md §1, §2.7), plus our own fields. {@code buildVersion} is
 * the rtcd release whose protocol we speak, not our own version: the plugin refuses anything below
 * {@code min_rtcd_version} and only turns on the data channel lock from v1.1.0.
 */
public final class RtcdVersion {
    /** The rtcd release the Calls plugin of this era pins, and whose protocol this package implements. */
    public static final String COMPATIBLE_RTCD_VERSION = "v1.2.6";

    private RtcdVersion() {
    }

    /** rtcd's six string fields, then ours: {@code version} (ProChat RTC's own) and {@code javaVersion}. */
    public static Map<String, Object> fields(BuildInfo build) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("buildDate", build.buildDate());
        v.put("buildVersion", COMPATIBLE_RTCD_VERSION);
        v.put("buildHash", build.buildHash());
        v.put("goVersion", "java" + Runtime.version().feature()); // rtcd's says e.g. "go1.24.3"
        v.put("goOS", os(System.getProperty("os.name", "")));
        v.put("goArch", arch(System.getProperty("os.arch", "")));
        v.put("version", build.version());
        v.put("javaVersion", Runtime.version().toString());
        return v;
    }

    /** Go's GOOS spelling. */
    static String os(String osName) {
        String n = osName.toLowerCase(Locale.ROOT);
        if (n.startsWith("linux")) {
            return "linux";
        }
        if (n.startsWith("mac") || n.startsWith("darwin")) {
            return "darwin";
        }
        if (n.startsWith("windows")) {
            return "windows";
        }
        return n.replace(' ', '-');
    }

    /** Go's GOARCH spelling. */
    static String arch(String osArch) {
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            default -> osArch.toLowerCase(Locale.ROOT);
        };
    }
}
