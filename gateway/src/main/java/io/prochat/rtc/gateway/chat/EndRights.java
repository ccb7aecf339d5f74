package io.prochat.rtc.gateway.chat;

import io.prochat.rtc.gateway.calls.Call;
import io.prochat.rtc.gateway.calls.Participant;

import java.util.List;

/**
 * Who may end a call from Mattermost: whoever started it, anyone it made a moderator, and Mattermost
 * system admins. Others could otherwise end a meeting they merely saw in a channel. (The Calls API ends
 * any call: its callers hold an API key.)
 */
public final class EndRights {
    private EndRights() {
    }

    /** Asks Mattermost whether the user is a system admin only when nothing else lets them end the call. */
    public static boolean mayEnd(Call call, List<Participant> participants, String userId, ChatPeople people,
                                 String userName) {
        if (call.createdBy().userId().equals(userId)
                || participants.stream().anyMatch(p -> p.moderator() && p.person().userId().equals(userId))) {
            return true;
        }
        return people.resolve(userId, userName).systemAdmin();
    }

    public static String refusal(Call call) {
        return "Only " + Markdown.escape(call.createdBy().name()) + " (who started this " + CallCards.kindWord(call)
                + "), its moderators or a system admin can end it.";
    }
}
