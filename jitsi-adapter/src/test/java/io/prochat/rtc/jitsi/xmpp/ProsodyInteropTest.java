package io.prochat.rtc.jitsi.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.prochat.rtc.testing.FreePorts;
import io.prochat.rtc.testing.ProsodyServer;
import io.prochat.rtc.testing.XmppGuest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jivesoftware.smack.packet.StanzaError.Condition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JitsiRooms} against a real Prosody 0.12 laid out like Jitsi ({@link ProsodyServer}); every
 * protection is checked by a second, independent XMPP client ({@link XmppGuest}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProsodyInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final AtomicInteger ROOMS = new AtomicInteger();

    @TempDir
    static Path dir;
    static ProsodyServer prosody;
    static JitsiRooms rooms;

    @BeforeAll
    static void start() throws Exception {
        prosody = ProsodyServer.start(dir);
        rooms = JitsiRooms.connect(settings(prosody.c2sPort(), prosody.servicePassword(), TlsPolicy.DISABLED, ""),
                new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1)), Duration.ofSeconds(5));
        assertThat(rooms.awaitConnected(WAIT)).as(rooms.health() + "\n" + prosody.logs()).isTrue();
    }

    @AfterAll
    static void stop() {
        if (rooms != null) {
            rooms.close();
        }
        if (prosody != null) {
            prosody.stop();
        }
    }

    static XmppSettings settings(int port, String password, TlsPolicy tls, String focus) {
        return new XmppSettings("127.0.0.1", port, ProsodyServer.DOMAIN, "", ProsodyServer.SERVICE_USER + "@"
                + ProsodyServer.AUTH_DOMAIN, password, focus, tls, Duration.ofSeconds(2), Duration.ofSeconds(3));
    }

    /** Polls {@code read} until {@code done} (or {@link #WAIT} passes); "XMPP unavailable" counts as not yet. */
    static <T> T eventually(java.util.function.Supplier<T> read, java.util.function.Predicate<T> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = read.get();
                if (done.test(last)) {
                    return last;
                }
            } catch (RoomControlException e) {
                if (!e.unavailable()) {
                    throw e;
                }
            }
            Thread.sleep(100);
        }
        return last;
    }

    /** Not connected yet is not failed yet: on a loaded machine the first attempt may still be under way. */
    static void awaitFirstError(JitsiRooms rooms) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        while (rooms.health().lastError() == null && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    static String newRoom() {
        return "interop-" + ROOMS.incrementAndGet() + "-" + System.nanoTime() % 100000;
    }

    static String jid(String room) {
        return room + "@" + ProsodyServer.MUC_DOMAIN;
    }

    @Test
    void passwordRefusesTheWrongOneAndAdmitsTheRightOne() {
        String room = newRoom();
        RoomSetup setup = rooms.create(RoomOptions.open(room).withPassword("s3cret-room"));
        assertThat(setup.passwordSet()).isTrue();
        assertThat(setup.created()).isTrue();
        assertThat(setup.warnings()).isEmpty();

        try (XmppGuest guest = XmppGuest.anonymous(prosody)) {
            assertThat(guest.join(jid(room), "guest", null)).isEqualTo(Condition.not_authorized);
            assertThat(guest.join(jid(room), "guest", "wrong")).isEqualTo(Condition.not_authorized);
            assertThat(guest.join(jid(room), "guest", "s3cret-room")).isNull();
        }
    }

    @Test
    void membersOnlyRefusesStrangersAndAdmitsTheOrganiserAsOwner() throws Exception {
        prosody.register("alice", "alice-pass");
        String room = newRoom();
        RoomSetup setup = rooms.create(RoomOptions.open(room).withMembersOnly(true)
                .withOwners(List.of("alice@" + ProsodyServer.AUTH_DOMAIN)));
        assertThat(setup.membersOnly()).isTrue();

        try (XmppGuest stranger = XmppGuest.anonymous(prosody);
             XmppGuest alice = XmppGuest.account(prosody, "alice", "alice-pass")) {
            assertThat(stranger.join(jid(room), "stranger", null)).isEqualTo(Condition.registration_required);
            assertThat(alice.join(jid(room), "Alice", null)).isNull();
            // Smack fills its occupant map from presences on its own thread, which may lag the join's return
            org.jxmpp.jid.EntityFullJid self = org.jxmpp.jid.impl.JidCreate.entityFullFrom(jid(room) + "/Alice");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (alice.room().getOccupant(self) == null && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(alice.room().getOccupant(self)).as("Alice's own presence").isNotNull();
            assertThat(alice.room().getOccupant(self).getAffiliation().name()).isEqualTo("owner");
        }
    }

    @Test
    void maximumOccupantsHold() throws Exception {
        String room = newRoom();
        RoomSetup setup = rooms.create(RoomOptions.open(room).withMaxOccupants(2));
        assertThat(setup.maxOccupants()).isEqualTo(RoomSetup.Cap.SERVICE_ACCOUNT); // Prosody 0.12: no maxusers

        try (XmppGuest a = XmppGuest.anonymous(prosody); XmppGuest b = XmppGuest.anonymous(prosody);
             XmppGuest c = XmppGuest.anonymous(prosody)) {
            assertThat(a.join(jid(room), "a", null)).isNull();
            assertThat(b.join(jid(room), "b", null)).isNull();
            assertThat(c.join(jid(room), "c", null)).isNull();
            assertThat(c.kicked.get(20, TimeUnit.SECONDS)).contains("full"); // generous: a loaded CI box is slow
            assertThat(a.kicked).isNotDone();
            assertThat(b.kicked).isNotDone();
            // The service account sees c leave on its own connection, maybe a moment after c was told.
            RoomOccupancy occupancy = eventually(() -> rooms.occupancy(room), o -> o.count() == 2);
            assertThat(occupancy.count()).isEqualTo(2);
            assertThat(occupancy.names()).containsExactlyInAnyOrder("a", "b");
        }
        rooms.destroy(room, "done");
    }

    @Test
    void endingTheMeetingDestroysTheRoomAndTellsEveryone() throws Exception {
        String room = newRoom();
        rooms.create(RoomOptions.open(room).withPassword("pw"));
        try (XmppGuest guest = XmppGuest.anonymous(prosody)) {
            assertThat(guest.join(jid(room), "guest", "pw")).isNull();
            assertThat(rooms.occupancy(room)).isEqualTo(new RoomOccupancy(room, true, 1, null));

            assertThat(rooms.destroy(room, "The meeting has ended")).isTrue();
            assertThat(guest.destroyed.get(20, TimeUnit.SECONDS)).isEqualTo("The meeting has ended");
        }
        assertThat(rooms.occupancy(room).exists()).isFalse();
        assertThat(rooms.destroy(room, "again")).isFalse();
        // No tombstone left behind: the name can be used again.
        assertThat(rooms.create(RoomOptions.open(room)).created()).isTrue();
        rooms.destroy(room, "done");
    }

    @Test
    void kickRemovesSomeone() throws Exception {
        String room = newRoom();
        rooms.create(RoomOptions.open(room));
        try (XmppGuest guest = XmppGuest.anonymous(prosody)) {
            assertThat(guest.join(jid(room), "noisy", null)).isNull();
            rooms.kick(room, "noisy", "Please rejoin later");
            assertThat(guest.kicked.get(20, TimeUnit.SECONDS)).isEqualTo("Please rejoin later");
        }
        rooms.destroy(room, "done");
    }

    @Test
    void aLobbyIsNotPretendedWhereJitsisLobbyModuleIsMissing() {
        String room = newRoom();
        RoomSetup setup = rooms.create(RoomOptions.open(room).withLobby(true));
        assertThat(rooms.health().lobby()).isFalse();
        assertThat(setup.lobby()).isFalse();
        assertThat(setup.membersOnly()).isFalse(); // members-only without a lobby would lock everyone out
        assertThat(setup.warnings()).singleElement().asString().contains("no lobby module");
        try (XmppGuest guest = XmppGuest.anonymous(prosody)) {
            assertThat(guest.join(jid(room), "guest", null)).isNull();
        }
        rooms.destroy(room, "done");
    }

    @Test
    void conferenceRequestReachesTheFocusAndItsAbsenceIsTolerated() throws Exception {
        prosody.register("focus", "focus-pass");
        try (XmppGuest focus = XmppGuest.account(prosody, "focus", "focus-pass");
             FakeFocus fake = FakeFocus.on(focus.connection())) {
            String focusJid = focus.jid().toString();
            try (JitsiRooms withFocus = JitsiRooms.connect(settings(prosody.c2sPort(), prosody.servicePassword(),
                    TlsPolicy.DISABLED, focusJid))) {
                assertThat(withFocus.awaitConnected(WAIT)).isTrue();
                String room = newRoom();
                RoomSetup setup = withFocus.create(RoomOptions.open(room));
                assertThat(setup.conferenceReady()).isTrue();
                assertThat(fake.rooms).containsExactly(jid(room));
                withFocus.destroy(room, "done");
            }
        }
        try (JitsiRooms noFocus = JitsiRooms.connect(settings(prosody.c2sPort(), prosody.servicePassword(),
                TlsPolicy.DISABLED, ProsodyServer.FOCUS_COMPONENT))) { // declared, but no jicofo connected
            assertThat(noFocus.awaitConnected(WAIT)).isTrue();
            String room = newRoom();
            RoomSetup setup = noFocus.create(RoomOptions.open(room));
            assertThat(setup.conferenceReady()).isNull();
            assertThat(setup.warnings()).singleElement().asString().contains("did not take the conference request");
            assertThat(noFocus.occupancy(room).exists()).isTrue();
            noFocus.destroy(room, "done");
        }
    }

    @Test
    void wrongCredentialsAreAClearErrorNotAHang() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (JitsiRooms bad = JitsiRooms.connect(settings(prosody.c2sPort(), "wrong-password", TlsPolicy.DISABLED, ""))) {
                assertThat(bad.awaitConnected(Duration.ofSeconds(3))).isFalse();
                awaitFirstError(bad);
                XmppHealth health = bad.health();
                assertThat(health.state()).isEqualTo(XmppHealth.State.DISCONNECTED);
                assertThat(health.lastError()).contains("login refused (not-authorized)").doesNotContain("wrong-password");
                assertThatThrownBy(() -> bad.create(RoomOptions.open(newRoom())))
                        .isInstanceOf(RoomControlException.class)
                        .hasMessageContaining("login refused")
                        .matches(e -> ((RoomControlException) e).unavailable());
            }
        });
    }

    @Test
    void anUnreachableServerIsAClearErrorNotAHang() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (JitsiRooms nowhere = JitsiRooms.connect(settings(FreePorts.tcp(), "x", TlsPolicy.DISABLED, ""))) {
                assertThat(nowhere.awaitConnected(Duration.ofSeconds(2))).isFalse();
                awaitFirstError(nowhere);
                assertThat(nowhere.health().lastError()).contains("cannot connect");
                assertThat(nowhere.destroy("some-room", "x")).isFalse(); // queued, not blocked
                assertThatThrownBy(() -> nowhere.destroyNow("some-room", "x")) // says so, queues nothing
                        .isInstanceOf(RoomControlException.class)
                        .matches(e -> ((RoomControlException) e).unavailable());
            }
        });
    }

    @Test
    void destroyNowSaysWhetherTheRoomWasThereAndIsNotRecreatedAfterAReconnect() throws Exception {
        String room = newRoom();
        rooms.create(RoomOptions.open(room));
        int managed = rooms.health().rooms();
        try (XmppGuest guest = XmppGuest.anonymous(prosody)) {
            assertThat(guest.join(jid(room), "guest", null)).isNull();
            assertThat(rooms.destroyNow(room, "The meeting has ended")).isTrue();
            assertThat(guest.destroyed.get(20, TimeUnit.SECONDS)).isEqualTo("The meeting has ended");
        }
        assertThat(rooms.destroyNow(room, "again")).as("already gone").isFalse();
        assertThat(rooms.health().rooms()).as("no longer managed, so never restored").isEqualTo(managed - 1);
    }

    @Test
    void requiredTlsAgainstAPlainServerIsRefusedClearly() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (JitsiRooms strict = JitsiRooms.connect(settings(prosody.c2sPort(), prosody.servicePassword(), TlsPolicy.REQUIRED, ""))) {
                assertThat(strict.awaitConnected(Duration.ofSeconds(3))).isFalse();
                awaitFirstError(strict);
                assertThat(strict.health().lastError()).contains("STARTTLS");
            }
        });
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void afterAProsodyRestartItReconnectsAndRecreatesItsRooms() throws Exception {
        String room = newRoom();
        rooms.create(RoomOptions.open(room).withPassword("kept"));

        prosody.restart(); // rooms are in memory: all gone
        // Reconnected, and the room re-created right after the login.
        RoomOccupancy back = eventually(() -> rooms.occupancy(room), RoomOccupancy::exists);
        assertThat(back != null && back.exists()).as(rooms.health() + "\n" + prosody.logs()).isTrue();
        try (XmppGuest guest = XmppGuest.anonymous(prosody)) {
            // the room exists as soon as it is re-joined; its password comes with the configuration form after that
            var info = org.jivesoftware.smackx.muc.MultiUserChatManager.getInstanceFor(guest.connection());
            Boolean locked = eventually(() -> {
                try {
                    return info.getRoomInfo(org.jxmpp.jid.impl.JidCreate.entityBareFrom(jid(room))).isPasswordProtected();
                } catch (Exception e) {
                    return false;
                }
            }, Boolean::booleanValue);
            assertThat(locked).as("the re-created room has its password back").isTrue();
            assertThat(guest.join(jid(room), "guest", "wrong")).isEqualTo(Condition.not_authorized);
            assertThat(guest.join(jid(room), "guest", "kept")).isNull();
        }
        String next = newRoom();
        assertThat(rooms.create(RoomOptions.open(next)).created()).isTrue();
        rooms.destroy(room, "done");
        rooms.destroy(next, "done");
    }
}
