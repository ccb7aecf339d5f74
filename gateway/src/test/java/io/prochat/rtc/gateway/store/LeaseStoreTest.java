package io.prochat.rtc.gateway.store;

import io.prochat.rtc.testing.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The lease queries on the embedded H2 and on a real PostgreSQL, as {@link StoreQueriesTest}. */
class LeaseStoreTest {
    private static PostgresServer postgres;
    private static final AtomicInteger H2_NAMES = new AtomicInteger();
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00.123Z");
    private static final Duration TTL = Duration.ofSeconds(30);
    private Database db;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @AfterEach
    void closeStore() {
        if (db != null) {
            db.close();
        }
    }

    private LeaseStore open(String store) {
        db = Database.open(store.equals("postgres") ? postgres.newDatabase()
                : "jdbc:h2:mem:leases-" + H2_NAMES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        return new LeaseStore(db);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void oneHolderAtATimeUntilTheLeaseExpiresThenTheOtherTakesOver(String store) {
        LeaseStore leases = open(store);
        assertThat(leases.acquire("sweeper", "gw-a", T0, T0.plus(TTL))).as("free: taken").isTrue();
        assertThat(leases.acquire("sweeper", "gw-b", T0.plusSeconds(1), T0.plusSeconds(1).plus(TTL)))
                .as("held by a: refused to b").isFalse();
        assertThat(leases.acquire("sweeper", "gw-a", T0.plusSeconds(10), T0.plusSeconds(10).plus(TTL)))
                .as("a renews").isTrue();
        assertThat(leases.find("sweeper").orElseThrow().expiresAt()).isEqualTo(T0.plusSeconds(10).plus(TTL));
        Instant beforeRenewedExpiry = T0.plusSeconds(39);
        assertThat(leases.acquire("sweeper", "gw-b", beforeRenewedExpiry, beforeRenewedExpiry.plus(TTL)))
                .as("the renewal counts, not the first expiry").isFalse();

        Instant expired = T0.plusSeconds(40); // a stopped renewing (killed)
        assertThat(leases.acquire("sweeper", "gw-b", expired, expired.plus(TTL))).as("b takes over").isTrue();
        assertThat(leases.find("sweeper").orElseThrow().holder()).isEqualTo("gw-b");
        assertThat(leases.acquire("sweeper", "gw-a", expired.plusSeconds(1), expired.plusSeconds(1).plus(TTL)))
                .as("a, back, is refused while b holds it").isFalse();

        leases.release("sweeper", "gw-a"); // not a's: nothing happens
        assertThat(leases.find("sweeper").orElseThrow().holder()).isEqualTo("gw-b");
        leases.release("sweeper", "gw-b");
        assertThat(leases.find("sweeper")).isEmpty();
        assertThat(leases.acquire("sweeper", "gw-a", expired.plusSeconds(2), expired.plusSeconds(2).plus(TTL)))
                .as("released: free at once").isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void ofManyRacingForAFreeOrExpiredLeaseExactlyOneWins(String store) throws Exception {
        LeaseStore leases = open(store);
        int holders = 8;
        ExecutorService pool = Executors.newFixedThreadPool(holders);
        try {
            for (int round = 0; round < 10; round++) {
                // round 0: no row yet (the INSERTs race); later rounds: the row is there and has expired (the UPDATEs)
                Instant now = T0.plus(TTL.multipliedBy(2L * round + 1));
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> tries = new ArrayList<>();
                for (int h = 0; h < holders; h++) {
                    String holder = "gw-" + h;
                    tries.add(pool.submit(() -> {
                        go.await();
                        return leases.acquire("sweeper", holder, now, now.plus(TTL));
                    }));
                }
                go.countDown();
                int won = 0;
                for (Future<Boolean> t : tries) {
                    won += t.get() ? 1 : 0;
                }
                assertThat(won).as("round " + round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void liveHoldersAreThoseOfUnexpiredLeasesUnderAPrefix(String store) {
        LeaseStore leases = open(store);
        leases.acquire("gateway:gw-a", "gw-a", T0, T0.plus(TTL));
        leases.acquire("gateway:gw-b", "gw-b", T0, T0.plusSeconds(5));
        leases.acquire("sweeper", "gw-c", T0, T0.plus(TTL));
        leases.acquire("gatewayX", "gw-d", T0, T0.plus(TTL)); // no ':' — not under the prefix
        assertThat(leases.liveHolders("gateway:", T0.plusSeconds(1))).containsExactlyInAnyOrder("gw-a", "gw-b");
        assertThat(leases.liveHolders("gateway:", T0.plusSeconds(5))).containsExactly("gw-a");
        assertThat(leases.liveHolders("gateway:", T0.plus(TTL))).isEmpty();
    }
}
