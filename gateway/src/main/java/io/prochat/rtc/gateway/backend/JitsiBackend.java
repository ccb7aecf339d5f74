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
 * Jitsi as a backend, links only: rooms are named here and users get personal signed links. Room
 * control over XMPP (password, lobby, destroy on end) is not configured in this version, so a call
 * that asks for a lobby or password gets a warning instead of a silent promise.
 */
public final class JitsiBackend implements CallBackend {
    private final JitsiSettings settings;
    private final JitsiLinks links;
    private final RoomNamer namer;
    private final NamingScheme scheme;

    public JitsiBackend(JitsiSettings settings, JitsiLinks links, RoomNamer namer, NamingScheme scheme) {
        this.settings = settings;
        this.links = links;
        this.namer = namer;
        this.scheme = scheme;
    }

    @Override
    public Backend id() {
        return Backend.JITSI;
    }

    @Override
    public BackendStatus status() {
        return BackendStatus.up(Backend.JITSI, settings.signsTokens()
                ? "signed links; XMPP room control not configured"
                : "unsigned links (no AppID); XMPP room control not configured");
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("url", settings.baseUrl().toString());
        d.put("signedLinks", settings.signsTokens());
        d.put("linkValidityMinutes", settings.linkValidity().toMinutes());
        d.put("namingScheme", scheme.configName());
        d.put("roomControl", false);
        return d;
    }

    @Override
    public PlacedRoom place(RoomRequest request) {
        String room = namer.roomName(scheme, new RoomNameInput(request.title(), request.teamName(), request.channelName()));
        List<String> warnings = new ArrayList<>();
        CallNeeds needs = request.needs();
        if (needs.lobby()) {
            warnings.add("a lobby was asked for, but XMPP room control is not configured: the room has no lobby");
        }
        if (needs.password()) {
            warnings.add("a password was asked for, but XMPP room control is not configured: the room has no password");
        }
        if (!settings.signsTokens()) {
            warnings.add("Jitsi AppID is not set: links are unsigned and anyone with the room name can join");
        }
        return new PlacedRoom(room, roomUrl(room), List.copyOf(warnings));
    }

    @Override
    public PersonalJoin join(Call call, Person person, boolean moderator) {
        JitsiUser user = new JitsiUser(person.userId(), person.name(), person.email(), person.avatarUrl());
        JoinLink link = links.link(call.room(), user, moderator, features(call.needs()), call.title());
        return new PersonalJoin(link.url().toString(), link.token(), link.expiresAt(), moderator);
    }

    @Override
    public void end(Call call) {
        // Without XMPP room control there is nothing to destroy; personal links expire on their own.
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
