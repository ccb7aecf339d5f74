package io.prochat.rtc.gateway.backend;

import io.prochat.rtc.gateway.calls.Backend;
import io.prochat.rtc.gateway.calls.CallNeeds;
import io.prochat.rtc.gateway.config.JitsiConfig;
import io.prochat.rtc.gateway.routing.BackendStatus;
import io.prochat.rtc.jitsi.HealthProbe;
import io.prochat.rtc.jitsi.xmpp.JitsiRooms;
import io.prochat.rtc.jitsi.xmpp.RoomControlException;
import io.prochat.rtc.jitsi.xmpp.RoomOccupancy;
import io.prochat.rtc.jitsi.xmpp.RoomOptions;
import io.prochat.rtc.jitsi.xmpp.RoomSetup;
import io.prochat.rtc.jitsi.xmpp.TlsPolicy;
import io.prochat.rtc.jitsi.xmpp.XmppHealth;
import io.prochat.rtc.jitsi.xmpp.XmppSettings;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the gateway adds to Jitsi links when {@code [Jitsi] XMPPHost} (and/or {@code HealthURL}) is set:
 * rooms made and protected over XMPP before the link is handed out, destroyed when the call ends, and a
 * health that says when Jitsi is degraded. Degraded Jitsi still takes meetings (links work without room
 * control); the status detail and so the route reason say what is missing. Never blocks for long: room
 * requests are bounded by the XMPP reply timeout and health answers come from the last background check.
 */
public final class JitsiRoomControl implements AutoCloseable {
    static final String END_REASON = "The meeting has ended";

    private final JitsiRooms rooms;      // null: no XMPP configured, only a health URL
    private final HealthProbe health;    // null: no health URL
    private final RoomSecrets secrets;   // null with rooms
    private final String where;

    JitsiRoomControl(JitsiRooms rooms, HealthProbe health, RoomSecrets secrets, String where) {
        this.rooms = rooms;
        this.health = health;
        this.secrets = secrets;
        this.where = where;
    }

    /** Starts room control as configured, in the background; null when neither XMPP nor a health URL is set. */
    public static JitsiRoomControl start(JitsiConfig c) {
        if (!c.usesXmpp() && c.healthUrl().isEmpty()) {
            return null;
        }
        JitsiRooms rooms = null;
        RoomSecrets secrets = null;
        if (c.usesXmpp()) {
            rooms = JitsiRooms.connect(new XmppSettings(c.xmppHost(), c.xmppPort(), c.xmppDomain(), c.mucDomain(),
                    c.xmppUser(), c.xmppPassword(), c.focusJid(), TlsPolicy.parse(c.xmppTls())));
            secrets = new RoomSecrets(c.xmppPassword());
        }
        HealthProbe probe = c.healthUrl().isEmpty() ? null
                : HealthProbe.start(URI.create(c.healthUrl()), Duration.ofSeconds(30), Duration.ofSeconds(5));
        return new JitsiRoomControl(rooms, probe, secrets, c.xmppHost() + ":" + c.xmppPort());
    }

    boolean managesRooms() {
        return rooms != null;
    }

    /** Up, or degraded with what is missing. {@code links} describes the links, e.g. "signed links". */
    BackendStatus status(String links) {
        List<String> problems = new ArrayList<>();
        String xmpp = "XMPP room control not configured";
        if (rooms != null) {
            XmppHealth h = rooms.health();
            if (h.connected()) {
                xmpp = "XMPP room control connected (" + h.domain() + ")";
            } else {
                problems.add("XMPP room control unavailable (" + (h.lastError() == null
                        ? h.state().name().toLowerCase(java.util.Locale.ROOT) : h.lastError()) + ")");
            }
        }
        if (health != null && !health.last().healthy()) {
            problems.add("Jitsi health check failed (" + health.url() + ": " + health.last().detail() + ")");
        }
        return problems.isEmpty() ? BackendStatus.up(Backend.JITSI, links + "; " + xmpp)
                : BackendStatus.degraded(Backend.JITSI, String.join("; ", problems) + "; meetings get links only");
    }

    /** Creates and protects the room; what could not be done comes back as warnings. */
    List<String> prepare(String room, CallNeeds needs) {
        if (rooms == null) {
            return unprotected(needs, "XMPP room control is not configured");
        }
        RoomOptions options = RoomOptions.open(room).withLobby(needs.lobby())
                .withPassword(needs.password() ? secrets.forRoom(room) : null);
        try {
            RoomSetup setup = rooms.create(options);
            return setup.warnings();
        } catch (RoomControlException e) {
            return unprotected(needs, e.getMessage());
        }
    }

    private static List<String> unprotected(CallNeeds needs, String why) {
        List<String> warnings = new ArrayList<>();
        if (needs.lobby()) {
            warnings.add("a lobby was asked for, but " + why + ": the room has no lobby");
        }
        if (needs.password()) {
            warnings.add("a password was asked for, but " + why + ": the room has no password");
        }
        if (warnings.isEmpty() && !why.contains("not configured")) {
            // the end still queues its teardown (RoomTeardowns): a room made by the first guest is destroyed then
            warnings.add(why + ": the room was not prepared ahead");
        }
        return warnings;
    }

    /** The password of a room made with one; null when the call has none or rooms are not managed. */
    String roomPassword(String room, CallNeeds needs) {
        return rooms != null && needs.password() ? secrets.forRoom(room) : null;
    }

    void end(String room) {
        if (rooms != null) {
            rooms.destroy(room, END_REASON);
        }
    }

    /** Destroys the room now, queueing nothing; throws {@link RoomControlException} when it cannot. */
    void destroyNow(String room) {
        rooms.destroyNow(room, END_REASON);
    }

    void onConnected(Runnable listener) {
        if (rooms != null) {
            rooms.onLogin(listener);
        }
    }

    LiveRoom live(String room) {
        if (rooms == null) {
            return null;
        }
        try {
            RoomOccupancy o = rooms.occupancy(room);
            return o.exists() ? new LiveRoom(o.count(), o.names(), null) : new LiveRoom(0, List.of(), null);
        } catch (RoomControlException e) {
            return new LiveRoom(null, null, e.getMessage());
        }
    }

    Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        if (rooms != null) {
            XmppHealth h = rooms.health();
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("connected", h.connected());
            x.put("state", h.state().name().toLowerCase(java.util.Locale.ROOT));
            x.put("since", h.since().toString());
            x.put("server", where);
            x.put("domain", h.domain());
            x.put("mucDomain", h.mucDomain());
            x.put("account", h.account());
            x.put("tls", rooms.settings().tls().configName());
            x.put("focus", rooms.settings().focusJid().isEmpty() ? null : rooms.settings().focusJid());
            x.put("lobby", h.lobby());
            x.put("rooms", h.rooms());
            x.put("lastError", h.lastError());
            d.put("xmpp", x);
        }
        if (health != null) {
            HealthProbe.Result r = health.last();
            Map<String, Object> hc = new LinkedHashMap<>();
            hc.put("url", health.url().toString());
            hc.put("healthy", r.healthy());
            hc.put("checkedAt", r.checkedAt() == null ? null : r.checkedAt().toString());
            hc.put("detail", r.detail());
            d.put("healthCheck", hc);
        }
        return d;
    }

    @Override
    public void close() {
        if (rooms != null) {
            rooms.close();
        }
        if (health != null) {
            health.close();
        }
    }
}
