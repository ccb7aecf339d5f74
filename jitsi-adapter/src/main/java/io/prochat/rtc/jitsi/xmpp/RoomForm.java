package io.prochat.rtc.jitsi.xmpp;

import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.jivesoftware.smackx.xdata.form.Form;

import java.util.ArrayList;
import java.util.List;

/**
 * Fills a room's configuration form (XEP-0045 {@code muc#roomconfig}) from {@link RoomOptions}, setting
 * only fields the server offers. Prosody 0.12 offers {@code roomsecret}, {@code membersonly} and
 * {@code persistentroom}, but neither {@code passwordprotectedroom} (a non-empty secret is the password)
 * nor {@code maxusers}; what is missing is reported, never assumed.
 */
final class RoomForm {
    static final String SECRET = "muc#roomconfig_roomsecret";
    static final String PASSWORD_PROTECTED = "muc#roomconfig_passwordprotectedroom";
    static final String MEMBERS_ONLY = "muc#roomconfig_membersonly";
    static final String PERSISTENT = "muc#roomconfig_persistentroom";
    static final String MAX_USERS = "muc#roomconfig_maxusers";

    private RoomForm() {
    }

    /**
     * @param form             the configuration form as the server sent it
     * @param lobbyAvailable   whether Jitsi's lobby module was seen (null = unknown)
     * @param lobbyActorIsFocus the service account's node is {@code focus}, whose submissions Jitsi's
     *                         lobby module ignores
     */
    static Filled fill(Form form, RoomOptions o, Boolean lobbyAvailable, boolean lobbyActorIsFocus) {
        FillableForm f = form.getFillableForm();
        List<String> warnings = new ArrayList<>();

        boolean passwordSet = false;
        if (f.hasField(SECRET)) {
            f.setAnswer(SECRET, o.password() == null ? "" : o.password());
            passwordSet = o.password() != null;
        } else if (o.password() != null) {
            warnings.add("the server offers no room password (" + SECRET + "): the room has no password");
        }
        if (f.hasField(PASSWORD_PROTECTED)) {
            f.setAnswer(PASSWORD_PROTECTED, passwordSet);
        }

        boolean lobby = o.lobby() && Boolean.TRUE.equals(lobbyAvailable) && !lobbyActorIsFocus;
        if (o.lobby() && !lobby) {
            warnings.add(lobbyActorIsFocus
                    ? "Jitsi's lobby module ignores room settings made by an account named 'focus':"
                        + " use another service account; the room has no lobby"
                    : "the Jitsi server has no lobby module (no 'lobbyrooms' in the domain's disco#info):"
                        + " the room has no lobby");
        }
        boolean membersOnly = false;
        if (o.membersOnly() || lobby) {
            if (f.hasField(MEMBERS_ONLY)) {
                f.setAnswer(MEMBERS_ONLY, true);
                membersOnly = true;
            } else {
                warnings.add("the server offers no members-only setting (" + MEMBERS_ONLY + ")");
                lobby = false;
            }
        } else if (f.hasField(MEMBERS_ONLY)) {
            f.setAnswer(MEMBERS_ONLY, false);
        }

        if (f.hasField(PERSISTENT)) {
            f.setAnswer(PERSISTENT, o.persistent());
        } else if (o.persistent()) {
            warnings.add("the server offers no persistent rooms (" + PERSISTENT + "): the room ends when it is empty");
        }

        boolean maxUsers = false;
        if (o.maxOccupants() != null && f.hasField(MAX_USERS)) {
            f.setAnswer(MAX_USERS, String.valueOf(o.maxOccupants()));
            maxUsers = true;
        }
        return new Filled(f, passwordSet, membersOnly, lobby, maxUsers, warnings);
    }

    /** The form to submit and what it will put in force. */
    record Filled(FillableForm form, boolean passwordSet, boolean membersOnly, boolean lobby, boolean maxUsers,
                  List<String> warnings) {
    }

    /** A form that only makes the room temporary, so that destroying it leaves no tombstone (Prosody 0.12). */
    static FillableForm temporary(Form form) {
        FillableForm f = form.getFillableForm();
        if (f.hasField(PERSISTENT)) {
            f.setAnswer(PERSISTENT, false);
        }
        return f;
    }
}
