package io.prochat.rtc.gateway.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.prochat.rtc.gateway.backend.CallBackend;
import io.prochat.rtc.gateway.backend.PersonalJoin;
import io.prochat.rtc.gateway.calls.Backend;
import io.prochat.rtc.gateway.calls.Call;
import io.prochat.rtc.gateway.calls.CallIds;
import io.prochat.rtc.gateway.calls.CallNotFoundException;
import io.prochat.rtc.gateway.calls.CallService;
import io.prochat.rtc.gateway.calls.CallState;
import io.prochat.rtc.gateway.calls.CreatedCall;
import io.prochat.rtc.gateway.config.RoutingMode;
import io.prochat.rtc.gateway.routing.BackendStatus;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one Calls API (DESIGN.md): create, get, list, end, personal joins, and backend health. */
public final class CallsApi {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private final CallService calls;
    private final JsonBodies bodies;
    private final RoutingMode mode;
    private final Clock clock;

    public CallsApi(CallService calls, JsonBodies bodies, RoutingMode mode, Clock clock) {
        this.calls = calls;
        this.bodies = bodies;
        this.mode = mode;
        this.clock = clock;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/v1/calls", this::create);
        routes.get("/api/v1/calls", this::list);
        routes.get("/api/v1/calls/{id}", this::get);
        routes.delete("/api/v1/calls/{id}", this::end);
        routes.post("/api/v1/calls/{id}/participants", this::join);
        routes.get("/api/v1/backends", this::backends);
    }

    private void create(Context ctx) {
        var request = CallRequestValidator.newCall(bodies.read(ctx, CallRequests.CreateCall.class));
        CreatedCall created = calls.create(request);
        Call call = created.call();
        ctx.status(201).header("Location", "/api/v1/calls/" + call.id())
                .json(CallViews.of(call, List.of(), created.warnings(), clock.instant()));
    }

    private void get(Context ctx) {
        String id = callId(ctx);
        Call call = calls.get(id);
        ctx.json(CallViews.of(call, calls.participants(id), null, clock.instant(), calls.live(call)));
    }

    private void list(Context ctx) {
        String stateText = ctx.queryParam("state");
        CallState state = null;
        if (stateText != null && !stateText.isEmpty()) {
            state = CallState.parseOrNull(stateText);
            if (state == null) {
                throw ApiException.invalid("state", "state must be active or ended");
            }
        }
        String channelId = ctx.queryParam("channelId");
        if (channelId != null && (channelId.isEmpty() || channelId.length() > CallRequestValidator.MAX_ID)) {
            throw ApiException.invalid("channelId", "channelId must be 1 to " + CallRequestValidator.MAX_ID + " characters");
        }
        int limit = limit(ctx.queryParam("limit"));
        Call after = after(ctx.queryParam("after"));
        List<Call> page = calls.list(channelId, state, after, limit);
        List<CallViews.CallView> views = new ArrayList<>();
        for (Call call : page) {
            views.add(CallViews.of(call, null, null, clock.instant()));
        }
        // a full page may have more behind it: the last id pages on (?after=<id>, same filters)
        String next = page.size() == limit ? page.get(page.size() - 1).id() : null;
        ctx.json(new CallViews.CallList(views, next));
    }

    private void end(Context ctx) {
        String id = callId(ctx);
        Call ended = calls.end(id);
        ctx.json(CallViews.of(ended, calls.participants(id), null, clock.instant()));
    }

    private void join(Context ctx) {
        String id = callId(ctx);
        CallRequests.Join body = bodies.read(ctx, CallRequests.Join.class);
        PersonalJoin join = calls.join(id, CallRequestValidator.joiner(body), Boolean.TRUE.equals(body.moderator()));
        ctx.json(CallViews.of(calls.get(id), join));
    }

    private void backends(Context ctx) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Backend backend : Backend.values()) {
            BackendStatus status = calls.status(backend);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", backend.wireName());
            entry.put("status", !status.healthy() ? "down" : status.full() ? "full" : status.degraded() ? "degraded" : "up");
            entry.put("detail", status.detail());
            CallBackend b = calls.backend(backend);
            if (b != null) {
                entry.putAll(b.describe());
            }
            list.add(entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mode", mode.configName());
        body.put("backends", list);
        ctx.json(body);
    }

    private static String callId(Context ctx) {
        String id = ctx.pathParam("id");
        if (!CallIds.looksValid(id)) {
            throw new CallNotFoundException(id.length() > 40 ? id.substring(0, 40) + "…" : id);
        }
        return id;
    }

    /** {@code after}: the id of the previous page's last call; null for the first page. */
    private Call after(String id) {
        if (id == null || id.isEmpty()) {
            return null;
        }
        if (!CallIds.looksValid(id)) {
            throw ApiException.invalid("after", "after must be the id of a call (the previous page's \"next\")");
        }
        try {
            return calls.get(id);
        } catch (CallNotFoundException e) {
            throw ApiException.invalid("after", "after names no call: " + id);
        }
    }

    private static int limit(String text) {
        if (text == null || text.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiException.invalid("limit", "limit must be a whole number from 1 to " + MAX_LIMIT);
    }
}
