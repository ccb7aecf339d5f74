package io.prochat.rtc.gateway.cluster;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.prochat.rtc.gateway.api.ApiException;
import io.prochat.rtc.sfu.room.Room;
import io.prochat.rtc.sfu.room.Rooms;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A node's internal API, for gateways only: every request needs {@code Authorization: Bearer <[Cluster] Secret>}
 * ({@link ClusterSecret}, constant time); without it, 401 in the API's JSON shape (counted as every API error is).
 * <ul>
 *   <li>{@code GET /internal/v1/node}: id, state, rooms, participants, capacity;</li>
 *   <li>{@code POST /internal/v1/rooms/{callId}}: makes the call's room (409 {@code draining} while draining);</li>
 *   <li>{@code GET /internal/v1/rooms/{callId}}: {@code {participants}}, 404 when there is no such room;</li>
 *   <li>{@code DELETE /internal/v1/rooms/{callId}}: ends the room, its participants told the call ended;</li>
 *   <li>{@code POST /internal/v1/drain}: starts the node's drain (202), as SIGTERM does.</li>
 * </ul>
 * Handlers run on Jetty's threads and only touch the rooms' thread-safe methods.
 */
public final class NodeApi {
    private final String nodeId;
    private final int capacity;
    private final ClusterSecret secret;
    private final Rooms rooms;
    private final BooleanSupplier draining;
    private final Runnable startDrain;

    public NodeApi(String nodeId, int capacity, ClusterSecret secret, Rooms rooms, BooleanSupplier draining,
                   Runnable startDrain) {
        this.nodeId = nodeId;
        this.capacity = capacity;
        this.secret = secret;
        this.rooms = rooms;
        this.draining = draining;
        this.startDrain = startDrain;
    }

    public void register(RoutesConfig routes) {
        routes.before("/internal/*", this::requireSecret);
        routes.get("/internal/v1/node", this::node);
        routes.post("/internal/v1/rooms/{callId}", this::open);
        routes.get("/internal/v1/rooms/{callId}", this::room);
        routes.delete("/internal/v1/rooms/{callId}", this::close);
        routes.post("/internal/v1/drain", ctx -> {
            startDrain.run();
            ctx.status(202).json(Map.of("node", nodeId, "state", NodeState.DRAINING.wireName()));
        });
    }

    private void requireSecret(Context ctx) {
        if (!secret.accepts(ctx.header("Authorization"))) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"prochat-rtc-cluster\"");
            throw new ApiException(401, "unauthorized",
                    "the internal API needs the cluster secret: Authorization: Bearer <[Cluster] Secret>", null);
        }
    }

    private void node(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", nodeId);
        body.put("state", (draining.getAsBoolean() ? NodeState.DRAINING : NodeState.UP).wireName());
        body.put("rooms", rooms.roomCount());
        body.put("participants", rooms.participantCount());
        body.put("capacity", capacity);
        ctx.json(body);
    }

    private void open(Context ctx) {
        if (draining.getAsBoolean()) {
            throw new ApiException(409, "draining", "SFU node " + nodeId + " is draining: it takes no new calls", null);
        }
        Room room = rooms.open(ctx.pathParam("callId"));
        ctx.status(201).json(Map.of("room", room.id(), "participants", room.size()));
    }

    private void room(Context ctx) {
        Room room = rooms.get(ctx.pathParam("callId"));
        if (room == null) {
            throw new ApiException(404, "not_found", "no such room on SFU node " + nodeId, null);
        }
        ctx.json(Map.of("room", room.id(), "participants", room.size()));
    }

    private void close(Context ctx) {
        String id = ctx.pathParam("callId");
        boolean was = rooms.get(id) != null;
        rooms.close(id);
        ctx.json(Map.of("room", id, "closed", was));
    }
}
