package io.prochat.rtc.gateway.rtcd;

import java.util.List;

/**
 * The media side of rtcd's protocol: what the plugin's WebSocket messages do to sessions (rtcd.md §2.3, §3). The
 * SFU implements it; the WebSocket layer ({@link RtcdSocket}) calls it and sends what it answers through
 * {@link RtcdOutbound}.
 *
 * <p>Contract: called on the WebSocket's reader thread (one per plugin connection), so each call must be quick and
 * must not block (hand work to the SFU's own threads). A thrown exception is logged and counted; the connection stays.
 * The WebSocket layer has already checked that a session id given here is not another client's; the implementation
 * must still check that a session it knows belongs to {@code clientId}. Dropping a WebSocket never ends sessions.
 */
public interface RtcdSessions {
    /** Creates the session, bound to {@code clientId} (rtcd's group). No reply: errors are only logged, as rtcd. */
    void join(String clientId, RtcdMessages.Join join);

    /** Ends the session; the implementation then sends {@link RtcdMessages.Close}. */
    void leave(String clientId, String sessionId);

    /** The user's Mattermost connection moved; the session and its media go on (routing is already updated). */
    void reconnect(String clientId, String sessionId);

    /** Signalling for a session: routed by {@code message.sessionId()}, which must belong to {@code clientId}. */
    void rtc(String clientId, RtcdMessages.Rtc message);

    /** The sessions of one call of this client, for {@code GET /calls/{callID}/sessions}; empty when none. */
    List<RtcdMessages.SessionConfig> sessions(String clientId, String callId);
}
