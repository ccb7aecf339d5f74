package io.prochat.rtc.jitsi.xmpp;

import java.util.List;

/**
 * Who is in a room right now, not counting the service account itself.
 *
 * @param room   the room node
 * @param exists whether the room exists on the server
 * @param count  occupants (Prosody's {@code muc#roominfo_occupants}, less the service account when it is
 *               in the room)
 * @param names  occupants' nicknames when known: only while the service account is in the room
 *               (Prosody 0.12 lists no occupants in disco#items); null otherwise
 */
public record RoomOccupancy(String room, boolean exists, int count, List<String> names) {

    public RoomOccupancy {
        names = names == null ? null : List.copyOf(names);
    }

    static RoomOccupancy missing(String room) {
        return new RoomOccupancy(room, false, 0, null);
    }
}
