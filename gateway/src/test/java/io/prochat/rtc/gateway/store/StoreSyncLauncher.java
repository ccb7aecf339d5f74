package io.prochat.rtc.gateway.store;

import io.prochat.rtc.gateway.api.Json;
import io.prochat.rtc.gateway.calls.Call;
import io.prochat.rtc.gateway.calls.CallIds;
import io.prochat.rtc.gateway.calls.CallKind;
import io.prochat.rtc.gateway.calls.CallNeeds;
import io.prochat.rtc.gateway.calls.CallState;
import io.prochat.rtc.gateway.calls.Person;
import io.prochat.rtc.gateway.calls.Route;
import io.prochat.rtc.gateway.calls.Backend;
import io.prochat.rtc.gateway.config.RoutingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What durable commits cost: call inserts per second into the store, with 1 and 8 writers, with the store as
 * {@link Database#open} opens it (REUSE_SPACE=FALSE) and WRITE_DELAY 500 or 0, with and without the fsync; and how
 * much the file grows per insert. A measurement, not a test: the build excludes {@code *Launcher}, so it runs only when named:
 *
 * <pre>mvn -B -q -o -pl gateway -am test -Dtest=StoreSyncLauncher -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * Results go to docs/security.md (durability section).
 */
class StoreSyncLauncher {
    private static final int SECONDS = 4;

    @TempDir
    Path dir;

    @Test
    void measure() throws Exception {
        for (int writers : new int[] {1, 8}) {
            report("WRITE_DELAY 500 ms (H2's default), no fsync", writers, run("a" + writers, writers, 500, false));
            report("WRITE_DELAY 0, no fsync", writers, run("b" + writers, writers, 0, false));
            report("WRITE_DELAY 0 + fsync per acknowledged write (shipped)", writers, run("c" + writers, writers, 0, true));
        }
    }

    private double run(String name, int writers, int writeDelay, boolean sync) throws Exception {
        try (Database db = Database.open("jdbc:h2:file:" + dir.resolve(name).toAbsolutePath())) {
            try (Connection c = db.connection(); Statement st = c.createStatement()) {
                st.execute("SET WRITE_DELAY " + writeDelay);
            }
            CallStore store = new CallStore(db, Json.mapper());
            AtomicInteger done = new AtomicInteger();
            long end = System.nanoTime() + SECONDS * 1_000_000_000L;
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<?>> all = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                all.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        store.insertUnsynced(call());
                        if (sync) {
                            db.sync();
                        }
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
            pool.shutdown();
            long bytes = java.nio.file.Files.size(dir.resolve(name + ".mv.db"));
            System.out.printf("store-sync: %s: %d inserts, file %d kB, %.1f kB per insert (REUSE_SPACE=FALSE)%n", name,
                    done.get(), bytes / 1024, bytes / 1024.0 / Math.max(1, done.get()));
            return done.get() / (double) SECONDS;
        }
    }

    private static Call call() {
        Route route = new Route(CallKind.MEETING, Backend.JITSI, "asked for a meeting", false, RoutingMode.HYBRID);
        return new Call(CallIds.next(), CallKind.MEETING, route, "Weekly planning", "ch-1",
                new Person("u-alice", "Alice", "alice@example.org", null), CallNeeds.NONE, "weekly-planning-room",
                "https://meet.example.org/weekly-planning-room", CallState.ACTIVE,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), null);
    }

    private static void report(String mode, int writers, double perSecond) {
        System.out.printf("store-sync: %-55s writers %d: %8.0f creates/s%n", mode, writers, perSecond);
    }
}
