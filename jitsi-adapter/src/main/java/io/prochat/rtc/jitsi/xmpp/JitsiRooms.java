package io.prochat.rtc.jitsi.xmpp;

import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.RoomInfo;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.jxmpp.stringprep.XmppStringprepException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Jitsi meeting rooms managed over XMPP by a service account that administers the conference component
 * (listed in its {@code admins}): create and configure a room before anyone has the link, read who is in
 * it, remove someone, destroy it so every occupant is told. Entry point:
 * <pre>{@code
 * JitsiRooms rooms = JitsiRooms.connect(settings);   // returns at once; logs in in the background
 * RoomSetup setup = rooms.create(RoomOptions.open("brave-otters").withPassword(secret));
 * rooms.destroy("brave-otters", "The meeting has ended");
 * }</pre>
 * The connection is kept up with back-off; while it is down every operation throws a
 * {@link RoomControlException} with {@code unavailable() == true} at once, and destroys are queued
 * until it is back. Rooms created here are re-created after a reconnect if the server lost them (Prosody
 * keeps Jitsi's rooms in memory, so a restart loses them). Every request is bounded by
 * {@link XmppSettings#replyTimeout()}. Thread-safe.
 */
public final class JitsiRooms implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JitsiRooms.class);
    private static final Resourcepart NICK = Resourcepart.fromOrThrowUnchecked("prochat-rtc");

    private final XmppSettings settings;
    private final Connector connector;
    private final RoomSteps steps;
    private final Map<String, RoomOptions> managed = new ConcurrentHashMap<>();
    private final Set<String> pendingDestroys = ConcurrentHashMap.newKeySet();
    private final java.util.List<Runnable> loginListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private JitsiRooms(XmppSettings settings, Backoff backoff, Duration pingInterval) {
        FocusConferenceIq.register();
        this.settings = settings;
        this.connector = new Connector(settings, backoff, pingInterval, this::afterLogin);
        this.steps = new RoomSteps(settings, NICK, connector);
    }

    /** Starts logging in in the background (1 s to 30 s back-off, ping every 20 s); never blocks. */
    public static JitsiRooms connect(XmppSettings settings) {
        return connect(settings, Backoff.DEFAULT, Duration.ofSeconds(20));
    }

    public static JitsiRooms connect(XmppSettings settings, Backoff backoff, Duration pingInterval) {
        JitsiRooms rooms = new JitsiRooms(settings, backoff, pingInterval);
        rooms.connector.start();
        return rooms;
    }

    /** Waits until logged in; false when {@code timeout} passed first (see {@link #health()} for why). */
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        return connector.awaitConnected(timeout);
    }

    public XmppSettings settings() {
        return settings;
    }

    public XmppHealth health() {
        return new XmppHealth(connector.state(), settings.accountJid(), settings.domain(), settings.mucDomain(),
                connector.since(), connector.lastError(), connector.lobby(), managed.size());
    }

    /**
     * Creates the room (or takes over an existing one) and puts {@code options} in force, then sends
     * Jitsi's conference request when a focus is configured (its failure is only a warning).
     *
     * @throws RoomControlException when not connected, or the server refused
     */
    public RoomSetup create(RoomOptions options) {
        RoomSetup setup = steps.create(require(), options);
        managed.put(options.room(), options);
        pendingDestroys.remove(options.room());
        return setup;
    }

    /** Who is in the room now; {@link RoomOccupancy#exists()} is false when there is no such room. */
    public RoomOccupancy occupancy(String room) {
        XMPPTCPConnection c = require();
        RoomWarden warden = steps.warden(room);
        if (warden != null && warden.watching()) {
            var names = warden.names();
            return new RoomOccupancy(room, true, names.size(), names);
        }
        try {
            RoomInfo info = MultiUserChatManager.getInstanceFor(c).getRoomInfo(roomJid(room));
            return new RoomOccupancy(room, true, Math.max(0, info.getOccupantsCount()), null);
        } catch (XMPPException.XMPPErrorException e) {
            if (gone(e)) {
                return RoomOccupancy.missing(room);
            }
            throw RoomControlException.failed("reading room " + room, e);
        } catch (Exception e) {
            throw RoomControlException.failed("reading room " + room, e);
        }
    }

    /** Removes {@code nick} from the room (status 307, with {@code reason}). */
    public void kick(String room, String nick, String reason) {
        RoomOptions o = managed.get(room);
        steps.kick(require(), room, o == null ? null : o.password(), nick, reason);
    }

    /**
     * Destroys the room; every occupant receives the destroy notice with {@code reason}. When not
     * connected, the destroy is queued and done after the next login.
     *
     * @return true when destroyed now; false when queued or the room did not exist
     */
    public boolean destroy(String room, String reason) {
        managed.remove(room);
        XMPPTCPConnection c = connector.current();
        if (c == null) {
            pendingDestroys.add(room);
            LOG.info("room {}: XMPP is down, destroy queued until it is back", room);
            return false;
        }
        return steps.destroy(c, room, reason);
    }

    /**
     * Destroys the room now, or says why not: unlike {@link #destroy}, nothing is queued, so a caller that keeps its
     * own durable record of rooms to destroy (the gateway's teardown outbox) learns the outcome. The room is no
     * longer re-created after a reconnect either way.
     *
     * @return true when destroyed, false when there was no such room (both mean it is gone)
     * @throws RoomControlException when not connected ({@code unavailable()}) or the server refused
     */
    public boolean destroyNow(String room, String reason) {
        managed.remove(room);
        pendingDestroys.remove(room);
        return steps.destroy(require(), room, reason);
    }

    /**
     * Runs {@code listener} after every login (on the connection's thread: it must not block), and once now, on the
     * caller's thread, when already logged in: a login that came before the registration is not missed.
     */
    public void onLogin(Runnable listener) {
        loginListeners.add(listener);
        if (connector.current() != null) {
            listener.run();
        }
    }

    @Override
    public void close() {
        steps.stopWardens();
        connector.close();
    }

    private XMPPTCPConnection require() {
        XMPPTCPConnection c = connector.current();
        if (c == null) {
            String why = connector.lastError();
            throw RoomControlException.unavailable(why == null ? connector.state().name().toLowerCase() : why);
        }
        return c;
    }

    /** After every login: destroy what was queued, re-create managed rooms the server lost. */
    private void afterLogin(XMPPTCPConnection c) {
        for (String room : Set.copyOf(pendingDestroys)) {
            try {
                steps.destroy(c, room, "The meeting has ended");
                pendingDestroys.remove(room);
            } catch (RuntimeException e) {
                LOG.warn("queued destroy of room {} failed: {}", room, e.getMessage());
            }
        }
        for (RoomOptions o : managed.values()) {
            try {
                if (steps.restore(c, o)) {
                    LOG.info("room {} re-created after reconnect", o.room());
                }
            } catch (RuntimeException e) {
                LOG.warn("room {} could not be restored after reconnect: {}", o.room(), e.getMessage());
            }
        }
        for (Runnable listener : loginListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("a login listener failed: {}", e.toString());
            }
        }
    }

    EntityBareJid roomJid(String room) {
        return steps.roomJid(room);
    }

    static boolean gone(XMPPException.XMPPErrorException e) {
        StanzaError.Condition c = e.getStanzaError() == null ? null : e.getStanzaError().getCondition();
        return c == StanzaError.Condition.item_not_found || c == StanzaError.Condition.gone;
    }

    static EntityBareJid jid(String room, String mucDomain) {
        try {
            return JidCreate.entityBareFrom(room + "@" + mucDomain);
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException("not a room JID: " + room + "@" + mucDomain, e);
        }
    }

    /** Smack's handle for a room on this connection (one per connection and room). */
    static MultiUserChat muc(XMPPTCPConnection c, EntityBareJid jid) {
        return MultiUserChatManager.getInstanceFor(c).getMultiUserChat(jid);
    }
}
