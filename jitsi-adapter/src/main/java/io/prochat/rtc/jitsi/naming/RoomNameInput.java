package io.prochat.rtc.jitsi.naming;

/**
 * The human text a room name may be derived from. Every field may be null or blank; it is untrusted
 * (typed by users) and only ever reaches a name through {@link Slugs}.
 *
 * @param title the meeting topic, used by {@link NamingScheme#ASK}
 * @param teamName the Mattermost team name, used by {@link NamingScheme#MATTERMOST}
 * @param channelName the Mattermost channel name, used by {@link NamingScheme#MATTERMOST}
 */
public record RoomNameInput(String title, String teamName, String channelName) {

    /** No text at all: every scheme then falls back to a random name. */
    public static final RoomNameInput EMPTY = new RoomNameInput(null, null, null);

    public static RoomNameInput ofTitle(String title) {
        return new RoomNameInput(title, null, null);
    }
}
