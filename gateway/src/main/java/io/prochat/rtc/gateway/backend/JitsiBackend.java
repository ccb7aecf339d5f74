package io.prochat.rtc.gateway.backend;

import io.prochat.rtc.gateway.calls.Backend;
import io.prochat.rtc.gateway.calls.Call;
import io.prochat.rtc.gateway.calls.CallNeeds;
import io.prochat.rtc.gateway.calls.Person;
import io.prochat.rtc.gateway.routing.BackendStatus;
import io.prochat.rtc.jitsi.JitsiLinks;
import io.prochat.rtc.jitsi.JitsiSettings;
import io.prochat.rtc.jitsi.JoinLink;
import io.prochat.rtc.jitsi.naming.NamingScheme;
import io.prochat.rtc.jitsi.naming.RoomNameInput;
import io.prochat.rtc.jitsi.naming.RoomNamer;
import io.prochat.rtc.jitsi.token.JitsiUser;
import io.prochat.rtc.jitsi.token.MeetingFeatures;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jitsi as a backend: rooms are named here and users get personal signed links. With room control
 * ({@link JitsiRoomControl}, {@code [Jitsi] XMPPHost}) each room is also made and protected over XMPP
 * before its link is handed out and destroyed when the call ends; without it, or while XMPP is down, a
 * call that asks for a lobby or password gets a warning instead of a silent promise.
 */
public final class JitsiBackend implements CallBackend {
    private final JitsiSettings settings;
    private final JitsiLinks links;
    private final RoomNamer namer;
    private final NamingScheme scheme;
    private final JitsiRoomControl control; // null: links only

    public JitsiBackend(JitsiSettings settings, JitsiLinks links, RoomNamer namer, NamingScheme scheme) {
        this(settings, links, namer, scheme, null);
    }

    public JitsiBackend(JitsiSettings settings, JitsiLinks links, RoomNamer namer, NamingScheme scheme,
                        JitsiRoomControl control) {
        this.settings = settings;
        this.links = links;
        this.namer = namer;
        this.scheme = scheme;
        this.control = control;
    }

    @Override
    public Backend id() {
        return Backend.JITSI;
    }

    @Override
    public BackendStatus status() {
        String links = settings.signsTokens() ? "signed links" : "unsigned links (no AppID)";
        return control == null ? BackendStatus.up(Backend.JITSI, links + "; XMPP room control not configured")
                : control.status(links);
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("url", settings.baseUrl().toString());
        d.put("signedLinks", settings.signsTokens());
        d.put("linkValidityMinutes", settings.linkValidity().toMinutes());
        d.put("namingScheme", scheme.configName());
        d.put("roomControl", control != null && control.managesRooms());
        if (control != null) {
            d.putAll(control.describe());
        }
        return d;
    }

    @Override
    public PlacedRoom place(RoomRequest request) {
        String room = namer.roomName(scheme, new RoomNameInput(request.title(), request.teamName(), request.channelName()));
        return new PlacedRoom(room, roomUrl(room), List.of());
    }

    /** Made over XMPP only now that the call is stored: a failed insert leaves no room nobody could end. */
    @Override
    public List<String> open(Call call) {
        List<String> warnings = new ArrayList<>();
        CallNeeds needs = call.needs();
        if (control != null) {
            warnings.addAll(control.prepare(call.room(), needs));
        } else {
            if (needs.lobby()) {
                warnings.add("a lobby was asked for, but XMPP room control is not configured: the room has no lobby");
            }
            if (needs.password()) {
                warnings.add("a password was asked for, but XMPP room control is not configured: the room has no password");
            }
        }
        if (!settings.signsTokens()) {
            warnings.add("Jitsi AppID is not set: links are unsigned and anyone with the room name can join");
        }
        return List.copyOf(warnings);
    }

    /** With XMPP room control, rooms live in Prosody and must be destroyed even across a crash or an outage. */
    @Override
    public String durableRoom(Call call) {
        return control != null && control.managesRooms() ? call.room() : null;
    }

    @Override
    public void destroyRoom(String room) {
        if (control == null || !control.managesRooms()) {
            throw new IllegalStateException("XMPP room control is not configured ([Jitsi] XMPPHost)");
        }
        control.destroyNow(room);
    }

    /** Runs {@code listener} after every XMPP login: rooms left to destroy can be destroyed now. */
    public void onRoomControlConnected(Runnable listener) {
        if (control != null) {
            control.onConnected(listener);
        }
    }

    @Override
    public PersonalJoin join(Call call, Person person, boolean moderator) {
        JitsiUser user = new JitsiUser(person.userId(), person.name(), person.email(), person.avatarUrl());
        JoinLink link = links.link(call.room(), user, moderator, features(call.needs()), call.title());
        String password = control == null ? null : control.roomPassword(call.room(), call.needs());
        return new PersonalJoin(link.url().toString(), link.token(), link.expiresAt(), moderator, password);
    }

    @Override
    public void end(Call call) {
        // With room control the room is destroyed and every occupant told; without it there is nothing
        // to destroy and personal links expire on their own.
        if (control != null) {
            control.end(call.room());
        }
    }

    @Override
    public LiveRoom live(Call call) {
        return control == null ? null : control.live(call.room());
    }

    /** The room's address without anyone's identity in it: what the call shows to everyone. */
    private String roomUrl(String room) {
        String base = settings.baseUrl().toString().replaceAll("/+$", "");
        String tenant = settings.tenant() == null || settings.tenant().isBlank() ? "" : "/" + settings.tenant();
        return base + tenant + "/" + room;
    }

    private static MeetingFeatures features(CallNeeds needs) {
        return MeetingFeatures.forMeeting(needs.recording());
    }
}
