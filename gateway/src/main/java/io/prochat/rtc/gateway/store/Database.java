package io.prochat.rtc.gateway.store;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The embedded store: one H2 file (or any JDBC URL), schema owned by Flyway migrations.
 *
 * <p>Durability. H2 2.x keeps committed changes in memory and writes them every {@code WRITE_DELAY} ms (500
 * by default): a kill -9 in that window loses acknowledged writes. With {@code WRITE_DELAY 0}, set here on
 * every open, each commit writes its chunk to the file before it returns, which survives the process being
 * killed; but H2 never fsyncs a commit (only a clean close does), so the page cache still holds it on a power
 * loss. {@link #sync()} is the fsync: every store method that changes something calls it before returning,
 * so nothing is acknowledged before it is on the device. Concurrent callers share one fsync (group commit).
 * docs/security.md has the measured cost.
 */
public final class Database implements AutoCloseable {
    private final JdbcConnectionPool pool;
    private final Object syncLock = new Object();
    /** Sync requests so far, and how many of them the last finished fsync covered; guarded by syncLock's order. */
    private long requested;
    private long covered;

    private Database(JdbcConnectionPool pool) {
        this.pool = pool;
    }

    /** Opens the store and applies pending migrations; fails fast with the store's own message. */
    public static Database open(String jdbcUrl) {
        JdbcConnectionPool pool = JdbcConnectionPool.create(jdbcUrl, "sa", "");
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
                st.execute("SET WRITE_DELAY 0");
            }
        } catch (RuntimeException | SQLException e) {
            pool.dispose();
            // drivers quote the whole URL in their messages: redact the message too, not just our part
            throw new StoreException(redact("cannot open store " + jdbcUrl + ": " + rootMessage(e)), e);
        }
        return new Database(pool);
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /**
     * Makes every commit that returned before this call durable: the store file is forced to the device
     * ({@code CHECKPOINT SYNC}). A caller whose commit an fsync that started later already covers does not
     * start another, so a burst of concurrent writes costs a few fsyncs, not one each.
     */
    public void sync() {
        long mine;
        synchronized (this) {
            mine = ++requested;
        }
        synchronized (syncLock) {
            if (covered >= mine) {
                return;
            }
            long upTo;
            synchronized (this) {
                upTo = requested;
            }
            try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
                st.execute("CHECKPOINT SYNC");
            } catch (SQLException e) {
                throw new StoreException("cannot sync the store to disk: " + e.getMessage(), e);
            }
            covered = upTo;
        }
    }

    @Override
    public void close() {
        pool.dispose();
    }

    private static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^;&\\s\"]*", "$1********");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
