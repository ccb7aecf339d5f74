package io.prochat.rtc.gateway.calls;

import java.util.List;

/**
 * Told about calls that ended, whichever way (API, slash command, button, or the last person leaving a
 * huddle), after the ended record is stored. Runs on the ending thread: implementations must be quick
 * and must hand slow work (such as calling Mattermost) to a thread of their own. A listener that throws
 * is logged and does not affect the call or other listeners.
 */
@FunctionalInterface
public interface CallListener {
    void onEnded(Call call, List<Participant> participants);
}
