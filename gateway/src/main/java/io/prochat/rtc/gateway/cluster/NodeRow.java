package io.prochat.rtc.gateway.cluster;

import java.time.Duration;
import java.time.Instant;

/**
 * One SFU node as the store has it, and how old its last heartbeat was when read ({@code heartbeatAge}, measured in
 * the database's clock: no two machines' clocks are compared).
 *
 * @param publicUrl   where browsers reach the node's join WebSocket ({@code [Gateway] PublicURL} of the node)
 * @param internalUrl where gateways reach its internal API
 * @param rooms       rooms open on the node at its last heartbeat
 * @param calls       active calls the store places on it (known at once, across gateways, unlike its rooms)
 */
public record NodeRow(String id, String publicUrl, String internalUrl, String iceHost, int udpPort, int tcpPort,
                      int capacity, int participants, int rooms, double cpu, NodeState state,
                      Instant heartbeatAt, Duration heartbeatAge, int calls) {

    /** Whether a heartbeat this old means the node is lost. */
    public boolean stale() {
        return heartbeatAge.compareTo(NodeLiveness.DOWN_AFTER) > 0;
    }

    /** Takes a new call now: beating, not draining or down, and below its capacity. */
    public boolean canTakeCall() {
        return state == NodeState.UP && !stale() && participants < capacity;
    }

    /** The origin of the node's WebSocket as a page's CSP names it: {@code wss://host:port} for an https URL. */
    public String socketOrigin() {
        java.net.URI u = java.net.URI.create(publicUrl);
        String scheme = "https".equalsIgnoreCase(u.getScheme()) ? "wss" : "ws";
        return scheme + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
    }

    /** Where a page signals for a call on this node. */
    public String socketUrl(String callId) {
        String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        return base.replaceFirst("^(?i)http", "ws") + "/huddle/"
                + java.net.URLEncoder.encode(callId, java.nio.charset.StandardCharsets.UTF_8) + "/ws";
    }

    /** Share of the capacity in use: what placement compares. */
    public double load() {
        return (double) participants / capacity;
    }
}
