package io.prochat.rtc.gateway.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.prochat.rtc.gateway.calls.Backend;
import io.prochat.rtc.gateway.calls.Call;
import io.prochat.rtc.gateway.calls.CallService;
import io.prochat.rtc.gateway.calls.CallState;
import io.prochat.rtc.sfu.room.Room;
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
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HuddleRoutes.class);
    private static final Map<String, String> ASSETS = Map.of("huddle.js", "text/javascript; charset=utf-8",
            "huddle.css", "text/css; charset=utf-8");

    private final HuddleSocket socket;
    private final Rooms rooms;
    private final JoinTokens tokens;
    private final CallService calls;
    private final ObjectMapper json;
    private final Function<String, Optional<String>> channelNames;
    private final byte[] page;
    private final PageHeaders headers;
    private final Map<String, byte[]> assets;

    /** {@code channelNames}: a channel id to the name the pre-join screen shows, when known (never blocks long). */
    public HuddleRoutes(Rooms rooms, JoinTokens tokens, CallService calls, ObjectMapper json,
                        Function<String, Optional<String>> channelNames) {
        this.socket = new HuddleSocket(rooms, tokens, calls, json);
        this.rooms = rooms;
        this.tokens = tokens;
        this.calls = calls;
        this.json = json;
        this.channelNames = channelNames;
        this.page = resource("huddle.html");
        this.headers = PageHeaders.forPage(page);
        this.assets = Map.of("huddle.js", resource("huddle.js"), "huddle.css", resource("huddle.css"));
    }

    public void register(RoutesConfig routes) {
        routes.get("/huddle/{callId}", ctx -> headers.apply(ctx.contentType("text/html; charset=utf-8")).result(page));
        routes.get("/huddle/{callId}/info", this::info);
        routes.get("/huddle-assets/{name}", this::asset);
        routes.ws("/huddle/{callId}/ws", ws -> {
            ws.onConnect(socket::connect);
            ws.onMessage(socket::message);
            ws.onClose(socket::closed);
        });
    }

    /** What the page shows before joining; {@code you} is the person the link names. */
    record Info(String callId, String title, String channelId, String channelName, Person you, int participants,
                int maxParticipants) {
    }

    record Person(String userId, String name) {
    }

    record Refused(String error, String message) {
    }

    /**
     * {@code GET /huddle/{callId}/info} with the join token as {@code Authorization: Bearer}: the call's title, its
     * channel, how many are in it and how many it takes, for the pre-join screen. Refusals in words and stable codes:
     * 401 {@code link_invalid} or {@code link_expired}, 410 {@code call_ended}, 409 {@code not_a_huddle}. The token
     * goes in a header, not the query, so it stays out of access logs here too.
     */
    private void info(Context ctx) throws Exception {
        ctx.header("Cache-Control", "no-store").header("X-Content-Type-Options", "nosniff");
        String callId = ctx.pathParam("callId");
        String auth = ctx.header("Authorization");
        String token = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
        JoinTokens.Check check = tokens.check(token, callId);
        if (!check.ok()) {
            boolean expired = check.refusal() == JoinTokens.Refusal.EXPIRED;
            LOG.debug("huddle info refused: {}", check.refusal().code()); // neither the token nor the raw path
            refuse(ctx, 401, check.refusal().code(), expired
                    ? "this link has expired; ask for a new one in the channel"
                    : "this join link is not valid; ask for a new one in the channel");
            return;
        }
        Optional<Call> call = calls.find(callId);
        if (call.isEmpty() || call.get().state() == CallState.ENDED) {
            refuse(ctx, 410, "call_ended", "this call has ended");
            return;
        }
        if (call.get().route().backend() != Backend.SFU) {
            refuse(ctx, 409, "not_a_huddle", "this call does not run on the SFU");
            return;
        }
        Room room = rooms.get(callId);
        JoinTokens.Claims you = check.claims();
        Call c = call.get();
        ctx.contentType("application/json").result(json.writeValueAsString(new Info(c.id(), c.title(), c.channelId(),
                channelNames.apply(c.channelId()).orElse(null), new Person(you.userId(), you.name()), room == null ? 0 : room.size(),
                rooms.config().maxParticipants())));
    }

    private void refuse(Context ctx, int status, String code, String message) throws Exception {
        ctx.status(status).contentType("application/json").result(json.writeValueAsString(new Refused(code, message)));
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
