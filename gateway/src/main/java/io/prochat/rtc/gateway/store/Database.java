package io.prochat.rtc.gateway.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The store: an embedded H2 file for one machine, or a PostgreSQL database that several gateways share; the same
 * Flyway migrations make the schema on both ({@link Dialect} holds the one statement that differs).
 *
 * <p>PostgreSQL makes a commit durable before it returns (its defaults, {@code fsync} and
 * {@code synchronous_commit} on), so {@link #sync()} has nothing to add there.
 *
 * <p>Durability. H2 2.x keeps committed changes in memory and writes them every {@code WRITE_DELAY} ms (500
 * by default): a kill -9 in that window loses acknowledged writes. With {@code WRITE_DELAY 0}, set here on
 * every open, each commit writes its chunk to the file before it returns, which survives the process being
 * killed; but H2 never fsyncs a commit (only a clean close does), so the page cache still holds it on a power
 * loss. {@link #sync()} is the fsync (of the MVStore's file, see {@link #fsync}): every store method that changes something calls it before returning,
 * so nothing is acknowledged before it is on the device. Concurrent callers share one fsync (group commit).
 * docs/security.md has the measured cost.
 */
public final class Database implements AutoCloseable {
    /** Connections to a shared PostgreSQL per gateway: requests hold one for a statement or two. */
    private static final int POSTGRES_POOL_SIZE = 10;

    private final DataSource pool;
    private final Runnable closer;
    private final Dialect dialect;
    private final Object syncLock = new Object();
    /** Sync requests so far, and how many of them the last finished fsync covered; guarded by syncLock's order. */
    private long requested;
    private long covered;

    private Database(DataSource pool, Runnable closer, Dialect dialect) {
        this.pool = pool;
        this.closer = closer;
        this.dialect = dialect;
    }

    /** The SQL that is not the same on H2 and PostgreSQL. */
    public enum Dialect {
        H2, POSTGRES;

        static Dialect of(String jdbcUrl) {
            return jdbcUrl.startsWith("jdbc:postgresql:") ? POSTGRES : H2;
        }

        /** Queues a room teardown, or queues it afresh (tries counted from zero, not given up) when already there. */
        String upsertTeardown() {
            return this == POSTGRES
                    ? "INSERT INTO room_teardowns (call_id, room, attempts, next_attempt_at, last_error, given_up_at, "
                        + "created_at) VALUES (?, ?, 0, ?, NULL, NULL, ?) ON CONFLICT (call_id) DO UPDATE SET "
                        + "room = EXCLUDED.room, attempts = 0, next_attempt_at = EXCLUDED.next_attempt_at, "
                        + "last_error = NULL, given_up_at = NULL"
                    : "MERGE INTO room_teardowns (call_id, room, attempts, next_attempt_at, last_error, given_up_at, "
                        + "created_at) KEY (call_id) VALUES (?, ?, 0, ?, NULL, NULL, ?)";
        }

        /** Records a participant, keeping the first join time of one who joins again. */
        String upsertParticipant() {
            return this == POSTGRES
                    ? "INSERT INTO participants (call_id, user_id, name, email, moderator, joined_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (call_id, user_id) DO UPDATE SET name = EXCLUDED.name, "
                        + "email = EXCLUDED.email, moderator = EXCLUDED.moderator"
                    : "MERGE INTO participants (call_id, user_id, name, email, moderator, joined_at) KEY (call_id, user_id) "
                        + "VALUES (?, ?, ?, ?, ?, COALESCE((SELECT joined_at FROM participants WHERE call_id = ? "
                        + "AND user_id = ?), ?))";
        }
    }

    /**
     * Opens the store and applies pending migrations; fails fast with the store's own message. A {@code jdbc:h2:} URL
     * is the embedded store; a {@code jdbc:postgresql:} URL (user and password as its parameters) a shared one.
     */
    public static Database open(String jdbcUrl) {
        Dialect dialect = Dialect.of(jdbcUrl);
        DataSource pool;
        Runnable closer;
        try {
            if (dialect == Dialect.POSTGRES) {
                HikariConfig hc = new HikariConfig();
                hc.setJdbcUrl(jdbcUrl);
                hc.setMaximumPoolSize(POSTGRES_POOL_SIZE);
                hc.setPoolName("prochat-store");
                hc.setConnectionTimeout(5_000);
                hc.setInitializationFailTimeout(5_000); // an unreachable database stops start-up, within 5 s
                HikariDataSource hikari = new HikariDataSource(hc);
                pool = hikari;
                closer = hikari::close;
            } else {
                JdbcConnectionPool h2 = JdbcConnectionPool.create(crashSafe(jdbcUrl), "sa", "");
                pool = h2;
                closer = h2::dispose;
            }
        } catch (RuntimeException e) {
            throw new StoreException(redact("cannot open store " + jdbcUrl + ": " + rootMessage(e)), e);
        }
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            if (dialect == Dialect.H2) {
                try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
                    st.execute("SET WRITE_DELAY 0");
                }
            }
        } catch (RuntimeException | SQLException e) {
            closer.run();
            // drivers quote the whole URL in their messages: redact the message too, not just our part
            throw new StoreException(redact("cannot open store " + jdbcUrl + ": " + rootMessage(e)), e);
        }
        return new Database(pool, closer, dialect);
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * An embedded file store is opened with {@code WRITE_DELAY=0}, so H2 never starts its background writer and its
     * serialization threads (every commit is written by the committing thread), and {@code REUSE_SPACE=FALSE}, so
     * every chunk is appended at the end of the file. With space reuse on, a process killed soon after start could
     * lose all it had written: its chunks sat in freed space in the middle of the file, and H2's recovery, which
     * starts from the file header and the last chunk at the end, did not find them (CrashRecoveryTest, twice: every
     * write of one round gone, fsync or not). The cost is a file that grows until H2 compacts it on close.
     */
    static String crashSafe(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:h2:file:") && (!jdbcUrl.startsWith("jdbc:h2:") || jdbcUrl.startsWith("jdbc:h2:mem:")
                || jdbcUrl.startsWith("jdbc:h2:tcp:") || jdbcUrl.startsWith("jdbc:h2:ssl:"))) {
            return jdbcUrl;
        }
        String upper = jdbcUrl.toUpperCase(java.util.Locale.ROOT);
        String url = jdbcUrl;
        if (!upper.contains(";WRITE_DELAY=")) {
            url += ";WRITE_DELAY=0";
        }
        if (!upper.contains(";REUSE_SPACE=")) {
            url += ";REUSE_SPACE=FALSE";
        }
        return url;
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /**
     * Makes every commit that returned before this call durable: the store file is forced to the device. A caller whose commit an fsync that started later already covers does not
     * start another, so a burst of concurrent writes costs a few fsyncs, not one each.
     */
    public void sync() {
        if (dialect == Dialect.POSTGRES) {
            return; // durable at commit (see the class note)
        }
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
            try (Connection c = pool.getConnection()) {
                fsync(c);
            } catch (SQLException | RuntimeException e) {
                throw new StoreException("cannot sync the store to disk: " + e.getMessage(), e);
            }
            covered = upTo;
        }
    }

    /**
     * Forces the store file to the device. With WRITE_DELAY 0 every commit has already written its chunk, so an
     * fsync is all that is missing. An embedded H2 file store is fsynced directly through its MVStore, which is H2's
     * internal API (pinned version): {@code CHECKPOINT SYNC}, the public way, also compacts the file each time,
     * which costs more and moves chunks while other commits are written. Other URLs (in-memory, remote) fall back
     * to {@code CHECKPOINT SYNC}.
     */
    private static void fsync(Connection c) throws SQLException {
        if (c.isWrapperFor(JdbcConnection.class)
                && c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal local
                && local.getDatabase().getStore() != null) {
            MVStore store = local.getDatabase().getStore().getMvStore();
            FileStore<?> file = store.getFileStore();
            if (file != null) {
                // H2 may hand a commit's chunk to its own serialization and write threads and return before it is
                // written; this waits for both queues, then forces the file (a bare sync() raced them: kill -9
                // after an fsynced commit lost it in CrashRecoveryTest)
                file.executeFileStoreOperation(file::sync);
            }
            return;
        }
        try (Statement st = c.createStatement()) {
            st.execute("CHECKPOINT SYNC");
        }
    }

    @Override
    public void close() {
        closer.run();
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
