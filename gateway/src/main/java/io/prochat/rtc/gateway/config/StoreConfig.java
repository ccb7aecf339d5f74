package io.prochat.rtc.gateway.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * {@code [Store]}: where calls, routing decisions and registered clients are kept.
 *
 * @param dataSource a file path for the embedded H2 store, or a {@code jdbc:h2:} URL. Other databases
 *     (PostgreSQL for several gateways, as DESIGN.md plans) are not supported yet and are refused at start.
 */
public record StoreConfig(String dataSource) {
    static final String SECTION = "Store";

    public StoreConfig {
        dataSource = Objects.requireNonNullElse(dataSource, "data/prochat-rtc").trim();
        Checks.nonBlank(SECTION, "DataSource", dataSource);
        if (dataSource.startsWith("jdbc:") && !dataSource.startsWith("jdbc:h2:")) {
            // the pool, the driver set and one upsert are H2's; refusing beats failing on first use
            throw ConfigException.at(SECTION, "DataSource", dataSource.replaceAll("(?i)(password=)[^;&]*", "$1********"),
                    "only the embedded H2 store is supported (a file path or a jdbc:h2: URL)");
        }
        if (!dataSource.startsWith("jdbc:")) {
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
        return "jdbc:h2:file:" + Path.of(dataSource).toAbsolutePath().normalize();
    }
}
