package io.prochat.rtc.gateway.rtcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.prochat.rtc.gateway.metrics.GatewayMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * rtcd's HTTP API (rtcd.md §1) on the gateway's listener: {@code GET /system}, {@code POST /register},
 * {@code /unregister}, {@code /login}, {@code GET /calls/{callID}/sessions[/{sessionID}]}. ({@code /version} is
 * {@code OpsApi}'s route, in {@link RtcdVersion}'s shape; {@code /metrics} is also OpsApi's.)
 *
 * <p>Answers are rtcd's: JSON objects whose values are all strings, with {@code code} the status as a string and
 * {@code error} on failure. Every refusal is also logged in one line (no secrets) and counted in
 * {@code prochat_rtcd_refused{where="api"}}.
 */
final class RtcdApi {
    private static final Logger LOG = LoggerFactory.getLogger(RtcdApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RtcdAuth auth;
    private final Supplier<RtcdSessions> sessions;
    private final DoubleSupplier cpu;
    private final GatewayMetrics metrics;

    /** @param cpu {@code /system}'s {@code cpu_load} */
    RtcdApi(RtcdAuth auth, Supplier<RtcdSessions> sessions, DoubleSupplier cpu, GatewayMetrics metrics) {
        this.auth = auth;
        this.sessions = sessions;
        this.cpu = cpu;
        this.metrics = metrics;
    }

    void register(RoutesConfig routes) {
        routes.get("/system", ctx -> ctx.json(Map.of("cpu_load", cpu.getAsDouble())));
        routes.post("/register", this::registerClient);
        routes.post("/unregister", this::unregisterClient);
        routes.post("/login", this::login);
        routes.get("/calls/{callID}/sessions", this::callSessions);
        routes.get("/calls/{callID}/sessions/{sessionID}", this::oneSession);
        routes.exception(RtcdApiException.class, this::refused);
        routes.exception(UpgradeRefused.class, (e, ctx) -> { });
    }

    private void registerClient(Context ctx) {
        String by = "self-registration";
        if (!auth.selfRegistration()) {
            RtcdAuth.Principal caller = auth.authenticate(ctx.header("Authorization"));
            by = caller.admin() ? "admin" : "client " + caller.clientId();
        }
        JsonNode body = body(ctx, "registration failed");
        String clientId = text(body, "clientID", "registration failed");
        auth.register(clientId, text(body, "authKey", "registration failed"));
        LOG.info("rtcd client {} registered ({})", clientId, by);
        answer(ctx, 201, "clientID", clientId);
    }

    private void unregisterClient(Context ctx) {
        if (!auth.adminEnabled() && !auth.selfRegistration()) {
            throw new RtcdApiException(403, "unregister_disabled", "unregister not enabled");
        }
        RtcdAuth.Principal caller = auth.authenticate(ctx.header("Authorization"));
        String clientId = text(body(ctx, "unregister failed"), "clientID", "unregister failed");
        auth.unregister(caller, clientId);
        LOG.info("rtcd client {} unregistered ({})", clientId, caller.admin() ? "admin" : "itself");
        answer(ctx, 200);
    }

    private void login(Context ctx) {
        JsonNode body = body(ctx, "login failed");
        String clientId = text(body, "clientID", "login failed");
        String token = auth.login(clientId, text(body, "authKey", "login failed"));
        answer(ctx, 200, "bearerToken", token);
    }

    private void callSessions(Context ctx) {
        RtcdAuth.Principal p = client(ctx);
        List<RtcdMessages.SessionConfig> list = sessions.get().sessions(p.clientId(), ctx.pathParam("callID"));
        if (list == null || list.isEmpty()) {
            throw new RtcdApiException(404, "no_call", "no such call");
        }
        ctx.json(list);
    }

    private void oneSession(Context ctx) {
        RtcdAuth.Principal p = client(ctx);
        String sessionId = ctx.pathParam("sessionID");
        List<RtcdMessages.SessionConfig> list = sessions.get().sessions(p.clientId(), ctx.pathParam("callID"));
        RtcdMessages.SessionConfig one = list == null ? null
                : list.stream().filter(s -> sessionId.equals(s.sessionId())).findFirst().orElse(null);
        if (one == null) {
            throw new RtcdApiException(404, "no_session", "no such session");
        }
        ctx.json(one);
    }

    /** A registered client (admin has no calls: refused, as rtcd). */
    private RtcdAuth.Principal client(Context ctx) {
        RtcdAuth.Principal p = auth.authenticate(ctx.header("Authorization"));
        if (p.admin()) {
            throw new RtcdApiException(401, "admin_calls", "unauthorized: admin has no calls; use a client's credentials");
        }
        return p;
    }

    void refused(RtcdApiException e, Context ctx) {
        metrics.rtcdRefused("api", e.reason());
        LOG.info("rtcd {} {} refused: {} {} ({})", ctx.method(), ctx.path(), e.status(), e.getMessage(), e.reason());
        if (e.status() == 401) {
            ctx.header("WWW-Authenticate", "Basic realm=\"rtcd\"");
        } else if (e.status() == 429) {
            ctx.header("Retry-After", "1");
        }
        answer(ctx, e.status(), "error", e.getMessage());
    }

    /**
     * The same refusal before a WebSocket upgrade, where Javalin sends the status but not the body of an answer
     * made by an exception handler: the body is written and committed here, then the upgrade is stopped with
     * {@link UpgradeRefused}, which is mapped to nothing.
     */
    void refuseUpgrade(RtcdApiException e, Context ctx) {
        refused(e, ctx);
        try {
            byte[] body = ctx.result() == null ? new byte[0] : ctx.result().getBytes(StandardCharsets.UTF_8);
            ctx.res().setStatus(e.status());
            ctx.res().setContentType("application/json");
            ctx.res().setContentLength(body.length);
            ctx.res().getOutputStream().write(body);
            ctx.res().flushBuffer();
        } catch (IOException io) {
            LOG.debug("rtcd upgrade refusal not written: {}", io.toString());
        }
        throw new UpgradeRefused();
    }

    /** Stops a WebSocket upgrade whose refusal is already written. */
    static final class UpgradeRefused extends RuntimeException {
        UpgradeRefused() {
            super("upgrade refused", null, false, false);
        }
    }

    /** rtcd's answer shape: string values only, {@code code} = the status. */
    private static void answer(Context ctx, int status, String... keysAndValues) {
        Map<String, String> body = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            body.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        body.put("code", Integer.toString(status));
        ctx.status(status).json(body);
    }

    private static JsonNode body(Context ctx, String failure) {
        JsonNode n;
        try {
            byte[] raw = ctx.bodyAsBytes();
            n = raw.length == 0 ? null : JSON.readTree(raw);
        } catch (IOException e) {
            n = null;
        }
        if (n == null || !n.isObject()) {
            throw new RtcdApiException(400, "bad_json", failure + ": the body must be a JSON object");
        }
        return n;
    }

    /** A string field; absent counts as "" (as Go decodes it), any other type is refused. */
    private static String text(JsonNode body, String field, String failure) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw new RtcdApiException(400, "bad_json", failure + ": " + field + " must be a string");
        }
        return v.textValue();
    }
}
