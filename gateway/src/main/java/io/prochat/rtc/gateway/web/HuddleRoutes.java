package io.prochat.rtc.gateway.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.prochat.rtc.gateway.calls.CallService;
import io.prochat.rtc.sfu.room.Rooms;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The huddle join page: {@code GET /huddle/{callId}} (plain HTML, CSS and JavaScript from the gateway's resources;
 * the personal token rides in the query string and is checked by the WebSocket), its two assets, and the
 * signalling WebSocket ({@link HuddleSocket}), and what the pre-join screen shows ({@code /huddle/{callId}/info}).
 */
public final class HuddleRoutes {
    private static final Map<String, String> ASSETS = Map.of("huddle.js", "text/javascript; charset=utf-8",
            "huddle.css", "text/css; charset=utf-8");

    private final HuddleSocket socket;
    private final HuddleInfo info;
    private final byte[] page;
    private final PageHeaders headers;
    private final Map<String, byte[]> assets;

    private final JoinTokens tokens;
    private final ClientIceServers iceServers;
    /** The SFU nodes' WebSocket origins the page may connect to besides its own (none with rooms here). */
    private java.util.function.Supplier<java.util.List<String>> socketOrigins = java.util.List::of;

    /** {@code channelNames}: a channel id to the name the pre-join screen shows, when known (never blocks long). */
    public HuddleRoutes(Rooms rooms, JoinTokens tokens, CallService calls, ObjectMapper json,
                        ClientIceServers iceServers, Function<String, Optional<String>> channelNames) {
        this(rooms, HuddleLocator.local(rooms), callId -> true, rooms.config().maxParticipants(), tokens, calls, json,
                iceServers, channelNames);
    }

    /**
     * @param rooms     this process's rooms, or null on a gateway whose huddles run on SFU nodes (then the page,
     *                  its info and ICE servers are served here, and its WebSocket by the node {@code locator} names)
     * @param hostsCall whether a call's room belongs in {@code rooms}
     */
    public HuddleRoutes(Rooms rooms, HuddleLocator locator, java.util.function.Predicate<String> hostsCall,
                        int maxParticipants, JoinTokens tokens, CallService calls, ObjectMapper json,
                        ClientIceServers iceServers, Function<String, Optional<String>> channelNames) {
        this.socket = rooms == null ? null : new HuddleSocket(rooms, tokens, calls, json, hostsCall);
        this.info = new HuddleInfo(locator, maxParticipants, tokens, calls, json, channelNames);
        this.tokens = tokens;
        this.iceServers = iceServers;
        this.page = resource("huddle.html");
        this.headers = PageHeaders.forPage(page);
        this.assets = Map.of("huddle.js", resource("huddle.js"), "huddle.css", resource("huddle.css"));
    }

    /** On a gateway with SFU nodes: the nodes' WebSocket origins, read when a page is served. */
    public HuddleRoutes allowSockets(java.util.function.Supplier<java.util.List<String>> origins) {
        this.socketOrigins = origins;
        return this;
    }

    public void register(RoutesConfig routes) {
        routes.get("/huddle/{callId}", ctx -> headers.withConnect(socketOrigins.get())
                .apply(ctx.contentType("text/html; charset=utf-8")).result(page));
        routes.get("/huddle/{callId}/ice", this::ice);
        routes.get("/huddle/{callId}/info", info::answer);
        routes.get("/huddle-assets/{name}", this::asset);
        if (socket == null) {
            return;
        }
        routes.ws("/huddle/{callId}/ws", ws -> {
            ws.onConnect(socket::connect);
            ws.onMessage(socket::message);
            ws.onClose(socket::closed);
        });
    }

    /**
     * Tells every huddle page that the server is draining and by when its call ends ({@code {"type":"draining"}});
     * returns how many sockets were told.
     */
    public int announceDraining(java.time.Instant endsBy) {
        if (socket == null) {
            return 0;
        }
        return socket.announce("{\"type\":\"draining\",\"endsBy\":\"" + endsBy + "\",\"message\":\"The server is"
                + " restarting: this call ends by " + endsBy + " (UTC); join again in a minute.\"}");
    }

    /** Closes every huddle socket (close code 1012, service restart): the pages reconnect where their call runs now. */
    public int disconnectAll(String reason) {
        return socket == null ? 0 : socket.disconnectAll(1012, reason);
    }

    /**
     * The page's ICE servers, TURN credentials included, for the holder of a valid join token only (TURN relays
     * cost bandwidth: strangers get none). 401 without saying why, as the WebSocket does.
     */
    private void ice(Context ctx) {
        JoinTokens.Claims claims = tokens.verify(ctx.queryParam("token"), ctx.pathParam("callId"));
        ctx.header("Cache-Control", "no-store");
        if (claims == null) {
            ctx.status(401).json(Map.of("error", "invalid_token", "message", "this join link is not valid"));
            return;
        }
        ctx.json(Map.of("iceServers", iceServers.forUser(claims.userId())));
    }

    private void asset(Context ctx) {
        String name = ctx.pathParam("name");
        byte[] body = assets.get(name);
        if (body == null) {
            ctx.status(404).result("");
            return;
        }
        ctx.contentType(ASSETS.get(name)).header("Cache-Control", "no-cache").header("X-Content-Type-Options", "nosniff")
                .result(body);
    }

    private static byte[] resource(String name) {
        try (InputStream in = HuddleRoutes.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("web/" + name + " missing from the gateway jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
