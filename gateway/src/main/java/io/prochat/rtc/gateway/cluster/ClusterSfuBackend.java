package io.prochat.rtc.gateway.cluster;

import io.prochat.rtc.gateway.backend.CallBackend;
import io.prochat.rtc.gateway.backend.LiveRoom;
import io.prochat.rtc.gateway.backend.PersonalJoin;
import io.prochat.rtc.gateway.backend.PlacedRoom;
import io.prochat.rtc.gateway.backend.RoomRequest;
import io.prochat.rtc.gateway.calls.Backend;
import io.prochat.rtc.gateway.calls.Call;
import io.prochat.rtc.gateway.calls.Person;
import io.prochat.rtc.gateway.routing.BackendStatus;
import io.prochat.rtc.gateway.routing.RoutingException;
import io.prochat.rtc.gateway.store.SfuNodeStore;
import io.prochat.rtc.gateway.web.JoinTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SFU as a gateway with {@code --role gateway} sees it: the nodes in the store. Healthy while some node can take
 * a call ({@link Placement}); otherwise down, saying why, so routing falls back to Jitsi and its reason says so. A
 * huddle goes to the least loaded node, recorded with the call ({@code calls.sfu_node}) once the call is stored.
 * Join links stay on this gateway's join page ({@code /huddle/{id}}), which asks where the call runs
 * ({@link ClusterHuddles}): a link outlives the node, so a call moved to another node keeps its links.
 */
public final class ClusterSfuBackend implements CallBackend {
    private static final Logger log = LoggerFactory.getLogger(ClusterSfuBackend.class);

    private final SfuNodeStore nodes;
    private final NodeClient client;
    private final JoinTokens tokens;
    private final String publicUrl;
    private final int maxCallParticipants;
    private final ClusterMetrics metrics;
    /** Nodes chosen for calls not yet stored: {@link #place} runs before the insert, {@link #open} after it. */
    private final Map<String, NodeRow> placing = new ConcurrentHashMap<>();

    public ClusterSfuBackend(SfuNodeStore nodes, NodeClient client, JoinTokens tokens, String publicUrl,
                             int maxCallParticipants, ClusterMetrics metrics) {
        this.nodes = nodes;
        this.client = client;
        this.tokens = tokens;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.maxCallParticipants = maxCallParticipants;
        this.metrics = metrics;
    }

    @Override
    public Backend id() {
        return Backend.SFU;
    }

    @Override
    public BackendStatus status() {
        List<NodeRow> all = nodes.nodes();
        Optional<NodeRow> best = Placement.choose(all, Set.of());
        if (best.isPresent()) {
            long up = all.stream().filter(NodeRow::canTakeCall).count();
            return BackendStatus.up(Backend.SFU, up + " SFU node(s) taking calls; least loaded " + best.get().id()
                    + " (" + best.get().participants() + " of " + best.get().capacity() + " participants)");
        }
        boolean fullOnly = all.stream().anyMatch(n -> n.state() == NodeState.UP && !n.stale());
        String why = Placement.whyNone(all);
        return fullOnly ? new BackendStatus(Backend.SFU, true, true, why) : BackendStatus.down(Backend.SFU, why);
    }

    @Override
    public Map<String, Object> describe() {
        List<NodeRow> all = nodes.nodes();
        List<Map<String, Object>> list = new ArrayList<>();
        for (NodeRow n : all) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("id", n.id());
            d.put("state", n.stale() && n.state() != NodeState.DOWN ? "silent" : n.state().wireName());
            d.put("publicUrl", n.publicUrl());
            d.put("participants", n.participants());
            d.put("rooms", n.rooms());
            d.put("capacity", n.capacity());
            d.put("cpuLoad", n.cpu());
            d.put("heartbeatAgeMillis", n.heartbeatAge().toMillis());
            d.put("udpPort", n.udpPort());
            d.put("tcpPort", n.tcpPort());
            list.add(d);
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("nodes", all.stream().filter(NodeRow::canTakeCall).count());
        d.put("rooms", all.stream().filter(n -> n.state() != NodeState.DOWN).mapToInt(NodeRow::rooms).sum());
        d.put("participants", all.stream().filter(n -> n.state() != NodeState.DOWN).mapToInt(NodeRow::participants).sum());
        d.put("capacity", all.stream().filter(NodeRow::canTakeCall).mapToInt(NodeRow::capacity).sum());
        d.put("maxCallParticipants", maxCallParticipants);
        d.put("sfuNodes", list);
        return d;
    }

    @Override
    public PlacedRoom place(RoomRequest request) {
        List<NodeRow> all = nodes.nodes();
        NodeRow node = Placement.choose(all, Set.of()).orElseThrow(() -> {
            metrics.placementProblem("no_node");
            // routing saw a node a moment ago; it has gone or filled up since
            return new RoutingException("SFU unavailable (" + Placement.whyNone(all) + ")", true);
        });
        placing.put(request.callId(), node);
        return new PlacedRoom(request.callId(), publicUrl + "/huddle/" + request.callId(), List.of(), node.id());
    }

    /** Records the node with the stored call, then makes the room there (a node also makes it at the first join). */
    @Override
    public List<String> open(Call call) {
        NodeRow node = placing.remove(call.id());
        if (node == null) {
            return List.of();
        }
        nodes.assign(call.id(), node.id());
        log.info("huddle {} placed on SFU node {} ({} of {} participants there)", call.id(), node.id(),
                node.participants(), node.capacity());
        try {
            client.openRoom(node, call.id());
            return List.of();
        } catch (RuntimeException e) {
            metrics.placementProblem("unreachable");
            log.warn("huddle {}: its room on SFU node {} could not be made ahead: {}", call.id(), node.id(), e.getMessage());
            return List.of("the room on SFU node " + node.id() + " could not be made ahead (" + e.getMessage() + ")");
        }
    }

    @Override
    public PersonalJoin join(Call call, Person person, boolean moderator) {
        JoinTokens.Minted t = tokens.mint(call.id(), person.userId(), person.name());
        String url = publicUrl + "/huddle/" + call.id() + "?token=" + URLEncoder.encode(t.token(), StandardCharsets.UTF_8);
        return new PersonalJoin(url, t.token(), t.expiresAt(), moderator);
    }

    /** Closes the room on its node, whose participants are told; a lost node has nothing to close. */
    @Override
    public void end(Call call) {
        placing.remove(call.id());
        Optional<NodeRow> node = nodeOf(call.id());
        if (node.isEmpty() || node.get().state() == NodeState.DOWN) {
            return;
        }
        client.closeRoom(node.get(), call.id());
    }

    /** How many are in the room on its node; "cannot tell" (no count) when the node cannot be asked. */
    @Override
    public LiveRoom live(Call call) {
        Optional<NodeRow> node = nodeOf(call.id());
        if (node.isEmpty() || node.get().state() == NodeState.DOWN || node.get().stale()) {
            return new LiveRoom(null, null, "its SFU node is not reachable");
        }
        try {
            return new LiveRoom(client.participants(node.get(), call.id()), null, null);
        } catch (RuntimeException e) {
            return new LiveRoom(null, null, e.getMessage());
        }
    }

    Optional<NodeRow> nodeOf(String callId) {
        return nodes.nodeOf(callId).flatMap(nodes::find);
    }
}
