package io.prochat.rtc.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** What was built: version, date and commit, filled in by Maven resource filtering. */
public record BuildInfo(String version, String buildDate, String buildHash) {

    public static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BuildInfo(p.getProperty("version", "dev"), p.getProperty("buildDate", ""),
                p.getProperty("buildHash", "unknown"));
    }
}
