package io.prochat.rtc.jitsi.xmpp;

import java.util.List;

/**
 * What {@link JitsiRooms#create} actually set up, so callers never promise more than the server gave.
 *
 * @param roomJid          {@code room@muc-domain}
 * @param created          true when this call created the room, false when it existed and was reconfigured
 * @param passwordSet      the room secret is in force
 * @param membersOnly      the room is members-only (with a lobby when {@code lobby} is true)
 * @param lobby            Jitsi's lobby is on for the room
 * @param maxOccupants     how a cap is enforced
 * @param conferenceReady  the focus answered the conference request with {@code ready="true"};
 *                         null when no request was made or it had no answer
 * @param warnings         what was asked for but could not be done, in words
 */
public record RoomSetup(String roomJid, boolean created, boolean passwordSet, boolean membersOnly, boolean lobby,
                        Cap maxOccupants, Boolean conferenceReady, List<String> warnings) {

    public RoomSetup {
        warnings = List.copyOf(warnings);
    }

    /** How a maximum number of occupants is held. */
    public enum Cap {
        /** No cap asked for. */
        NONE,
        /** The server refuses joins beyond it ({@code muc#roomconfig_maxusers}). */
        SERVER,
        /**
         * The server has no per-room cap (Prosody 0.12), so the service account stays in the room and
         * removes whoever joins beyond it (status 307, with a reason).
         */
        SERVICE_ACCOUNT
    }
}
