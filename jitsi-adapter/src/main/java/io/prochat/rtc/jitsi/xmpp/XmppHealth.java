package io.prochat.rtc.jitsi.xmpp;

import java.time.Instant;

/**
 * The service account's connection as health checks and {@code GET /api/v1/backends} show it. No secrets.
 *
 * @param state     where the connection is
 * @param account   the service account's bare JID
 * @param domain    Jitsi's XMPP domain
 * @param mucDomain the meetings' MUC component
 * @param since     when {@code state} was entered
 * @param lastError the last connection or ping failure, one line; null when there was none since connecting
 * @param lobby     lobby support seen in the domain's disco#info ({@code lobbyrooms} identity); null until known
 * @param rooms     rooms this adapter manages (created and not yet destroyed)
 */
public record XmppHealth(State state, String account, String domain, String mucDomain, Instant since,
                         String lastError, Boolean lobby, int rooms) {

    /** Connection states. */
    public enum State {
        /** The first attempt is under way. */
        CONNECTING,
        /** Logged in; the last ping (if any) was answered. */
        CONNECTED,
        /** Not connected; a reconnect is scheduled with back-off. */
        DISCONNECTED,
        /** {@link JitsiRooms#close()} was called. */
        CLOSED
    }

    public boolean connected() {
        return state == State.CONNECTED;
    }
}
