package io.prochat.rtc.gateway.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * {@code [Store]}: where calls, routing decisions and registered clients are kept.
 *
 * @param dataSource a file path for the embedded H2 store, a {@code jdbc:h2:} URL, or a PostgreSQL database shared by
 *     several gateways: {@code postgres://user:password@host:5432/db} (libpq's form, as rtcd and Mattermost take it)
 *     or a {@code jdbc:postgresql:} URL. Other databases are refused at start.
 */
public record StoreConfig(String dataSource) {
    static final String SECTION = "Store";

    public StoreConfig {
        dataSource = Objects.requireNonNullElse(dataSource, "data/prochat-rtc").trim();
        Checks.nonBlank(SECTION, "DataSource", dataSource);
        if (dataSource.startsWith("jdbc:") && !dataSource.startsWith("jdbc:h2:")
                && !dataSource.startsWith("jdbc:postgresql:")) {
            // the drivers and the one upsert that differs are H2's and PostgreSQL's; refusing beats failing on first use
            throw ConfigException.at(SECTION, "DataSource", redacted(dataSource),
                    "only the embedded H2 store (a file path or a jdbc:h2: URL) and PostgreSQL (postgres://... or "
                    + "jdbc:postgresql:...) are supported");
        }
        if (isPostgresUri(dataSource)) {
            PostgresUri.toJdbc(dataSource); // a malformed one stops start-up with its reason
        } else if (!dataSource.startsWith("jdbc:")) {
            try {
                Path.of(dataSource);
            } catch (InvalidPathException e) {
                throw ConfigException.at(SECTION, "DataSource", dataSource, "is neither a jdbc: URL nor a file path");
            }
        }
    }

    /** An embedded store at {@code data/prochat-rtc} (H2 adds {@code .mv.db}). */
    public static StoreConfig defaults() {
        return new StoreConfig("data/prochat-rtc");
    }

    /**
     * The JDBC URL: a {@code jdbc:} value as given; a path becomes {@code jdbc:h2:file:<absolute path>}
     * (H2 appends {@code .mv.db}, so {@code /var/lib/rtcd/rtcd.db} is stored in {@code rtcd.db.mv.db}).
     */
    public String jdbcUrl() {
        if (dataSource.startsWith("jdbc:")) {
            return dataSource;
        }
        if (isPostgresUri(dataSource)) {
            return PostgresUri.toJdbc(dataSource);
        }
        return "jdbc:h2:file:" + Path.of(dataSource).toAbsolutePath().normalize();
    }

    static boolean isPostgresUri(String value) {
        return value.startsWith("postgres://") || value.startsWith("postgresql://");
    }

    /**
     * The text with any database password masked ({@code password=} parameters and {@code user:password@}), for
     * messages and printed configs; it may be a quoted TOML rendering, so the quotes end a password too.
     */
    static String redacted(String value) {
        return value.replaceAll("(?i)(password=)[^;&\"]*", "$1********")
                .replaceAll("(://[^:/@\"\\s]*:)[^@/\"\\s]*@", "$1********@");
    }
}
