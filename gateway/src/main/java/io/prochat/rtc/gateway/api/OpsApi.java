package io.prochat.rtc.gateway.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.prochat.rtc.gateway.BuildInfo;
import io.prochat.rtc.gateway.calls.CallService;
import io.prochat.rtc.gateway.metrics.GatewayMetrics;
import io.prochat.rtc.gateway.rtcd.RtcdVersion;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Operations endpoints, unauthenticated like rtcd's: /version (rtcd's field names), /stats (the
 * deployment guide's shape), /metrics (Prometheus text) and /healthz (liveness, with the store checked).
 */
public final class OpsApi {
    private final BuildInfo build;
    private final CallService calls;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final Instant startedAt;

    public OpsApi(BuildInfo build, CallService calls, GatewayMetrics metrics, Clock clock) {
        this.build = build;
        this.calls = calls;
        this.metrics = metrics;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    public void register(RoutesConfig routes) {
        routes.get("/version", this::version);
        routes.get("/stats", this::stats);
        routes.get("/metrics", this::metrics);
        routes.get("/healthz", this::healthz);
    }

    /** rtcd's six fields (buildVersion = the rtcd release we are compatible with), then ours. */
    private void version(Context ctx) {
        ctx.json(RtcdVersion.fields(build));
    }

    private void stats(Context ctx) {
        int[] participants = calls.activeParticipants();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("sessions", participants[0]);
        s.put("users", participants[1]);
        s.put("uptime", Duration.between(startedAt, clock.instant()).toSeconds());
        s.put("calls", calls.activeCalls());
        s.put("heapUsedBytes", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        ctx.json(s);
    }

    private void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }

    private void healthz(Context ctx) {
        calls.activeCalls(); // touches the store: a broken store is not "alive"
        // draining: still alive, but a load balancer should send nothing new here (503)
        calls.drainingUntil().ifPresentOrElse(
                until -> ctx.status(503).json(Map.of("status", "draining", "endsBy", until.toString())),
                () -> ctx.json(Map.of("status", "ok")));
    }
}
