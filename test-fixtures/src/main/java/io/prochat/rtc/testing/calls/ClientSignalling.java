package io.prochat.rtc.testing.calls;

import java.util.List;

/**
 * The signalling side of a Calls client as the plugin sees it: what it queued for the Mattermost WebSocket, and where
 * rtcd's SDP and ICE go. {@link CallsClientPage} is the real one; tests of {@link CallsPluginStandIn} may fake it.
 */
public interface ClientSignalling {
    /** What the client queued since the last call, in order. */
    List<ClientMessage> drainOutgoing();

    /** One message from rtcd, as the plugin relays it ({@code data} of the {@code rtc} message). */
    void signal(String json);
}
