package io.prochat.rtc.jitsi.xmpp;

import io.prochat.rtc.jitsi.token.JitsiTokens;

import java.util.List;
import java.util.Objects;

/**
 * What a meeting room must be.
 *
 * @param room         the room node, as in links and tokens ({@code [a-z0-9_-]}); lowercased
 * @param password     the room secret joiners must give; null or blank for none
 * @param membersOnly  only owners, admins and members may enter (see {@link #lobby})
 * @param lobby        non-members wait in Jitsi's lobby; needs Jitsi's {@code muc_lobby_rooms} module,
 *                     which turns a members-only room into one with a lobby. Without the module the
 *                     room gets no lobby and the setup says so
 * @param maxOccupants most people in the room, not counting the service account and the focus; null = no cap
 * @param persistent   keep the room while it is empty. Needed when the room is made before anyone has
 *                     the link: Prosody removes an empty temporary room as soon as the service account
 *                     leaves. {@link JitsiRooms#destroy} removes it either way
 * @param owners       bare JIDs made owners (e.g. the organiser's account); empty for none
 */
public record RoomOptions(String room, String password, boolean membersOnly, boolean lobby, Integer maxOccupants,
                          boolean persistent, List<String> owners) {

    public RoomOptions {
        room = JitsiTokens.roomNode(room);
        password = password == null || password.isBlank() ? null : password;
        if (maxOccupants != null && maxOccupants < 1) {
            throw new IllegalArgumentException("maxOccupants must be at least 1, was " + maxOccupants);
        }
        owners = List.copyOf(Objects.requireNonNullElse(owners, List.of()));
    }

    /** A persistent room with no protection: the starting point for {@code with…} calls. */
    public static RoomOptions open(String room) {
        return new RoomOptions(room, null, false, false, null, true, List.of());
    }

    public RoomOptions withPassword(String secret) {
        return new RoomOptions(room, secret, membersOnly, lobby, maxOccupants, persistent, owners);
    }

    public RoomOptions withMembersOnly(boolean on) {
        return new RoomOptions(room, password, on, lobby, maxOccupants, persistent, owners);
    }

    public RoomOptions withLobby(boolean on) {
        return new RoomOptions(room, password, membersOnly, on, maxOccupants, persistent, owners);
    }

    public RoomOptions withMaxOccupants(Integer max) {
        return new RoomOptions(room, password, membersOnly, lobby, max, persistent, owners);
    }

    public RoomOptions withPersistent(boolean on) {
        return new RoomOptions(room, password, membersOnly, lobby, maxOccupants, on, owners);
    }

    public RoomOptions withOwners(List<String> jids) {
        return new RoomOptions(room, password, membersOnly, lobby, maxOccupants, persistent, jids);
    }

    @Override
    public String toString() {
        return "RoomOptions[room=" + room + ", password=" + (password == null ? "none" : "<redacted>")
                + ", membersOnly=" + membersOnly + ", lobby=" + lobby + ", maxOccupants=" + maxOccupants
                + ", persistent=" + persistent + ", owners=" + owners + "]";
    }
}
