package io.prochat.rtc.gateway.store;

import io.prochat.rtc.gateway.api.Json;
import io.prochat.rtc.gateway.calls.Backend;
import io.prochat.rtc.gateway.calls.Call;
import io.prochat.rtc.gateway.calls.CallKind;
import io.prochat.rtc.gateway.calls.CallNeeds;
import io.prochat.rtc.gateway.calls.CallState;
import io.prochat.rtc.gateway.calls.Participant;
import io.prochat.rtc.gateway.calls.Person;
import io.prochat.rtc.gateway.calls.Route;
import io.prochat.rtc.gateway.config.RoutingMode;
import io.prochat.rtc.testing.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every store query on both stores the product runs on: the embedded H2 and a real PostgreSQL (Debian's, started
 * here on a loopback port), through the same Flyway migrations.
 */
class StoreQueriesTest {
    private static PostgresServer postgres;
    private static final AtomicInteger H2_NAMES = new AtomicInteger();
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

    private Database open(String store) {
        db = Database.open(store.equals("postgres") ? postgres.newDatabase()
                : "jdbc:h2:mem:queries-" + H2_NAMES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        assertThat(db.dialect()).isEqualTo(store.equals("postgres") ? Database.Dialect.POSTGRES : Database.Dialect.H2);
        return db;
    }

    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00.123456Z");

    private static Call call(String id, String channel, Instant at) {
        return new Call(id, CallKind.AUTO, new Route(CallKind.HUDDLE, Backend.SFU, "a huddle", false, RoutingMode.HYBRID),
                "Stand-up " + id, channel, new Person("u1", "Ann", "ann@example.org", null),
                new CallNeeds(false, false, 5, false, false), "room-" + id, "https://rtc.example.org/huddle/" + id,
                CallState.ACTIVE, at, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void callsAreStoredListedPagedCountedAndEndedOnce(String store) {
        CallStore calls = new CallStore(open(store), Json.mapper());
        for (int i = 0; i < 5; i++) {
            calls.insert(call("c" + i, i % 2 == 0 ? "ch-even" : "ch-odd", T0.plusSeconds(i)));
        }
        Call c0 = calls.find("c0").orElseThrow();
        assertThat(c0).isEqualTo(call("c0", "ch-even", T0));
        assertThat(calls.find("nope")).isEmpty();
        assertThat(calls.list(null, null, 10)).extracting(Call::id).containsExactly("c4", "c3", "c2", "c1", "c0");
        assertThat(calls.list("ch-even", CallState.ACTIVE, 10)).extracting(Call::id).containsExactly("c4", "c2", "c0");
        List<Call> first = calls.list(null, null, 2);
        assertThat(calls.list(null, null, first.get(1), 2)).extracting(Call::id).containsExactly("c2", "c1");
        assertThat(calls.countActive()).isEqualTo(5);

        Instant end = T0.plusSeconds(60);
        assertThat(calls.markEnded("c1", () -> end)).contains(end);
        assertThat(calls.markEnded("c1", () -> end.plusSeconds(1))).as("ended once").isEmpty();
        assertThat(calls.find("c1").orElseThrow().state()).isEqualTo(CallState.ENDED);
        assertThat(calls.find("c1").orElseThrow().endedAt()).isEqualTo(end);
        assertThat(calls.countActive()).isEqualTo(4);
        assertThat(calls.list(null, CallState.ENDED, 10)).extracting(Call::id).containsExactly("c1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aParticipantIsRecordedOnceKeepingTheFirstJoinAndNeverOnAnEndedCall(String store) {
        CallStore calls = new CallStore(open(store), Json.mapper());
        calls.insert(call("c1", "ch", T0));
        Person bob = new Person("u2", "Bob", null, null);
        assertThat(calls.addParticipantIfActive("c1", bob, false, () -> T0.plusSeconds(1))).isPresent();
        calls.addParticipantIfActive("c1", new Person("u2", "Bob B.", "bob@example.org", null), true,
                () -> T0.plusSeconds(5));
        calls.addParticipantIfActive("c1", new Person("u3", "Cid", null, null), false, () -> T0.plusSeconds(2));
        List<Participant> ps = calls.participants("c1");
        assertThat(ps).extracting(p -> p.person().userId()).containsExactly("u2", "u3");
        assertThat(ps.get(0).joinedAt()).as("the first join's time").isEqualTo(T0.plusSeconds(1));
        assertThat(ps.get(0).person().name()).isEqualTo("Bob B.");
        assertThat(ps.get(0).moderator()).isTrue();
        assertThat(calls.activeParticipantCounts()).containsExactly(2, 2);

        calls.markEnded("c1", () -> T0.plusSeconds(9));
        assertThat(calls.addParticipantIfActive("c1", new Person("u4", "Dee", null, null), false, Instant::now))
                .isEmpty();
        assertThat(calls.participants("c1")).hasSize(2);
        assertThat(calls.activeParticipantCounts()).containsExactly(0, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void concurrentJoinsAndAnEndNeverLeaveAJoinAfterTheEnd(String store) throws Exception {
        CallStore calls = new CallStore(open(store), Json.mapper());
        calls.insert(call("c1", "ch", T0));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Optional<Participant>>> joins = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Person p = new Person("u" + i, "User " + i, null, null);
                joins.add(pool.submit(() -> calls.addParticipantIfActive("c1", p, false, Instant::now)));
            }
            Future<Optional<Instant>> end = pool.submit(() -> calls.markEnded("c1", Instant::now));
            Instant endedAt = end.get().orElseThrow();
            int recorded = 0;
            for (Future<Optional<Participant>> j : joins) {
                if (j.get().isPresent()) {
                    recorded++;
                    assertThat(j.get().get().joinedAt()).isBeforeOrEqualTo(endedAt);
                }
            }
            assertThat(calls.participants("c1")).hasSize(recorded);
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void cardRewritesAreClaimedOnceAndComeBackWhenTheClaimLapses(String store) {
        Database d = open(store);
        CallStore calls = new CallStore(d, Json.mapper());
        ChatStore chat = new ChatStore(d);
        calls.insert(call("c1", "ch", T0));
        chat.savePost("c1", "post1", "ch", T0);
        assertThat(chat.cardsDue(T0, 12, 10)).as("still active").isEmpty();
        calls.markEnded("c1", () -> T0.plusSeconds(5));
        assertThat(chat.cardsDue(T0.plusSeconds(5), 12, 10)).containsExactly(new ChatStore.CardDue("c1", 0));
        assertThat(chat.cardAttempts("c1")).hasValue(0);

        Instant retry = T0.plusSeconds(65);
        assertThat(chat.claimCard("c1", 0, retry)).as("gateway A").isTrue();
        assertThat(chat.claimCard("c1", 0, retry)).as("gateway B, with the same read: refused").isFalse();
        assertThat(chat.cardsDue(T0.plusSeconds(64), 12, 10)).as("claimed until the retry").isEmpty();
        assertThat(chat.cardsDue(retry, 12, 10)).as("A died: the claim lapses")
                .containsExactly(new ChatStore.CardDue("c1", 1));
        assertThat(chat.cardsDue(retry, 1, 10)).as("given up after the last try").isEmpty();
        assertThat(chat.claimCard("c1", 1, retry.plusSeconds(120))).isTrue();
        chat.markCardEnded("c1", retry.plusSeconds(1));
        assertThat(chat.claimCard("c1", 2, retry.plusSeconds(300))).as("rewritten: nothing to claim").isFalse();
        assertThat(chat.cardsDue(retry.plusSeconds(3600), 12, 10)).isEmpty();
        assertThat(chat.cardAttempts("nope")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void roomHoldersOfActiveCallsAndTheirEndsAreRead(String store) {
        CallStore calls = new CallStore(open(store), Json.mapper());
        calls.insert(call("c1", "ch", T0), "gw-a");
        calls.insert(call("c2", "ch", T0), "gw-b");
        calls.insert(call("c3", "ch", T0));
        assertThat(calls.activeRoomHolders()).containsOnly(java.util.Map.entry("c1", "gw-a"),
                java.util.Map.entry("c2", "gw-b"));
        calls.markEnded("c1", () -> T0.plusSeconds(60));
        assertThat(calls.activeRoomHolders()).containsOnly(java.util.Map.entry("c2", "gw-b"));
        assertThat(calls.endedHeldBy("gw-a", T0.plusSeconds(60))).containsExactly("c1");
        assertThat(calls.endedHeldBy("gw-a", T0.plusSeconds(61))).isEmpty();
        assertThat(calls.endedHeldBy("gw-b", T0)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void cardsNoncesAndSecrets(String store) {
        Database d = open(store);
        CallStore calls = new CallStore(d, Json.mapper());
        ChatStore chat = new ChatStore(d);
        calls.insert(call("c1", "ch", T0));
        calls.insert(call("c2", "ch", T0.plusSeconds(1)));
        chat.savePost("c1", "post1", "ch", T0);
        chat.savePost("c2", "post2", "ch", T0);
        assertThat(chat.post("c1").orElseThrow().postId()).isEqualTo("post1");
        assertThat(chat.post("c1").orElseThrow().cardEndedAt()).isNull();
        assertThat(chat.post("nope")).isEmpty();

        calls.markEnded("c1", () -> T0.plusSeconds(5));
        assertThat(chat.endedWithActiveCard(10)).containsExactly("c1");
        chat.markCardEnded("c1", T0.plusSeconds(6));
        assertThat(chat.endedWithActiveCard(10)).isEmpty();
        assertThat(chat.post("c1").orElseThrow().cardEndedAt()).isEqualTo(T0.plusSeconds(6));

        Instant now = T0.plusSeconds(100);
        assertThat(chat.useNonce("join:c1:u1:n1", now, now.minusSeconds(3600))).isTrue();
        assertThat(chat.useNonce("join:c1:u1:n1", now, now.minusSeconds(3600))).as("replayed").isFalse();
        chat.releaseNonce("join:c1:u1:n1");
        assertThat(chat.useNonce("join:c1:u1:n1", now, now.minusSeconds(3600))).as("given back").isTrue();
        assertThat(chat.useNonce("join:c1:u1:n2", now.plusSeconds(7200), now.plusSeconds(3600))).isTrue();
        assertThat(chat.useNonce("join:c1:u1:n1", now.plusSeconds(7200), now.plusSeconds(3600)))
                .as("purged as expired, so usable; the buttons refuse expired contexts themselves").isTrue();

        byte[] key = chat.secret("buttons", T0);
        assertThat(key).hasSize(32);
        assertThat(chat.secret("buttons", T0.plusSeconds(1))).isEqualTo(key);
        assertThat(new ChatStore(d).secret("buttons", T0)).as("another gateway on the same store").isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void roomTeardownsAreQueuedWithTheEndClaimedOnceRetriedAndGivenUp(String store) {
        Database d = open(store);
        CallStore calls = new CallStore(d, Json.mapper());
        RoomTeardownStore teardowns = new RoomTeardownStore(d);
        calls.insert(call("c1", "ch", T0));
        calls.insert(call("c2", "ch", T0));
        calls.insert(call("c3", "ch", T0));
        Instant end = T0.plusSeconds(60);
        calls.markEnded("c1", () -> end, "room-c1");
        calls.markEnded("c2", () -> end.plusSeconds(1), "room-c2");
        calls.markEnded("c3", () -> end, null); // an SFU call: nothing to queue
        assertThat(calls.markEnded("c1", () -> end, "room-c1")).as("ended and queued once").isEmpty();

        assertThat(teardowns.due(end, 10)).extracting(RoomTeardownStore.Teardown::callId).containsExactly("c1");
        assertThat(teardowns.due(null, 10)).extracting(RoomTeardownStore.Teardown::callId).containsExactly("c1", "c2");
        assertThat(teardowns.due(null, 1)).hasSize(1);
        RoomTeardownStore.Teardown c1 = teardowns.find("c1").orElseThrow();
        assertThat(c1).isEqualTo(new RoomTeardownStore.Teardown("c1", "room-c1", 0, end, null, null, end));
        assertThat(teardowns.pending()).isEqualTo(2);

        Instant retry = end.plusSeconds(60);
        assertThat(teardowns.claim("c1", 0, retry)).isTrue();
        assertThat(teardowns.claim("c1", 0, retry)).as("one claim per attempt").isFalse();
        teardowns.failed("c1", "x".repeat(2000), null);
        c1 = teardowns.find("c1").orElseThrow();
        assertThat(c1.attempts()).isEqualTo(1);
        assertThat(c1.nextAttemptAt()).isEqualTo(retry);
        assertThat(c1.lastError()).hasSize(1000).endsWith("…");
        assertThat(teardowns.due(end.plusSeconds(59), 10)).extracting(RoomTeardownStore.Teardown::callId)
                .containsExactly("c2");

        teardowns.failed("c1", "refused", retry);
        assertThat(teardowns.find("c1").orElseThrow().givenUpAt()).isEqualTo(retry);
        assertThat(teardowns.due(null, 10)).extracting(RoomTeardownStore.Teardown::callId).containsExactly("c2");
        assertThat(teardowns.claim("c1", 1, retry)).as("given up: never claimed again").isFalse();
        assertThat(teardowns.pending()).isEqualTo(1);

        teardowns.done("c2");
        assertThat(teardowns.find("c2")).isEmpty();
        assertThat(teardowns.pending()).isZero();

        Instant later = end.plusSeconds(600);
        teardowns.requeue("c2", "room-c2", later); // gone: queued anew
        teardowns.requeue("c1", "room-c1", later); // given up: queued afresh
        assertThat(teardowns.find("c2").orElseThrow())
                .isEqualTo(new RoomTeardownStore.Teardown("c2", "room-c2", 0, later, null, null, later));
        RoomTeardownStore.Teardown again = teardowns.find("c1").orElseThrow();
        assertThat(again.attempts()).isZero();
        assertThat(again.givenUpAt()).isNull();
        assertThat(again.lastError()).isNull();
        assertThat(again.nextAttemptAt()).isEqualTo(later);
        assertThat(teardowns.due(later, 10)).extracting(RoomTeardownStore.Teardown::callId).containsExactly("c1", "c2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void apiKeysAndRtcdClients(String store) {
        Database d = open(store);
        ApiKeyStore keys = new ApiKeyStore(d);
        keys.add("a".repeat(64), "ops", T0);
        keys.add("b".repeat(64), "bot", T0.plusSeconds(1));
        assertThat(keys.hashes()).containsExactly("a".repeat(64), "b".repeat(64));

        RtcdClientStore clients = new RtcdClientStore(d);
        assertThat(clients.add("mattermost", "$2a$10$hash", T0)).isTrue();
        assertThat(clients.add("mattermost", "$2a$10$other", T0)).as("registered once").isFalse();
        assertThat(clients.keyHash("mattermost")).contains("$2a$10$hash");
        assertThat(clients.remove("mattermost")).isTrue();
        assertThat(clients.remove("mattermost")).isFalse();
        assertThat(clients.keyHash("mattermost")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void timesKeepMicroseconds(String store) {
        CallStore calls = new CallStore(open(store), Json.mapper());
        Instant at = T0.plus(289, ChronoUnit.NANOS); // below both stores' microsecond precision
        calls.insert(call("c1", "ch", at));
        assertThat(calls.find("c1").orElseThrow().createdAt()).isEqualTo(T0);
    }
}
