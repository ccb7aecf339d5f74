package io.prochat.rtc.gateway.rtcd;

import java.util.List;

/** What the plugin's WebSocket drives: the Calls sessions of each client (a Mattermost installation). */
public interface RtcdSessions {
    void join(String clientId, RtcdMessages.Join join);

    void leave(String clientId, String sessionId);

    void reconnect(String clientId, String sessionId);

    /** Routed by the message's session id, which must belong to {@code clientId}. */
    void rtc(String clientId, RtcdMessages.Rtc message);

    List<RtcdMessages.SessionConfig> sessions(String clientId, String callId);
}
