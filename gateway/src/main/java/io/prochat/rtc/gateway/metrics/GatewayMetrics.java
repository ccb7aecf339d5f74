package io.prochat.rtc.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prochat.rtc.gateway.calls.Route;
import io.prochat.rtc.sfu.CloseReason;
import io.prochat.rtc.sfu.SfuMetrics;

import java.util.function.Supplier;

/** The gateway's Prometheus metrics (namespace prochat_); docs/metrics.md lists every name. */
public final class GatewayMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** The registry, for metrics that live beside their code (rtcd's names for Calls sessions). */
    public io.micrometer.core.instrument.MeterRegistry registry() {
        return registry;
    }
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    /** rtcd_ws_connections_total by client id, in id order. */
    private final java.util.Map<String, Supplier<Number>> wsConnections = new java.util.concurrent.ConcurrentSkipListMap<>();

    public GatewayMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
    }

    public void callCreated(Route route) {
        Counter.builder("prochat_calls_started")
                .description("Calls created, by where routing placed them")
                .tag("kind", route.kind().wireName())
                .tag("backend", route.backend().wireName())
                .tag("fallback", Boolean.toString(route.fallback()))
                .register(registry)
                .increment();
    }

    public void callEnded(String backend) {
        Counter.builder("prochat_calls_ended").description("Calls ended").tag("backend", backend)
                .register(registry).increment();
    }

    /** A call the idle sweeper ended, by why: {@code empty} (everyone left) or {@code unused} (nobody came). */
    public void callSwept(String reason) {
        Counter.builder("prochat_calls_swept").description("Calls ended because nobody was using them")
                .tag("reason", reason).register(registry).increment();
    }

    public void routingRefused(boolean unavailable) {
        Counter.builder("prochat_routing_refused")
                .description("Calls refused because no backend could serve them")
                .tag("cause", unavailable ? "unavailable" : "unsupported")
                .register(registry).increment();
    }

    public void joinIssued(String backend) {
        Counter.builder("prochat_joins_issued").description("Personal join links issued").tag("backend", backend)
                .register(registry).increment();
    }

    /** Every 4xx/5xx answer of the API, by its error code: bad input shows up here. */
    public void apiError(int status, String code) {
        Counter.builder("prochat_api_errors")
                .description("API requests answered with an error")
                .tag("status", Integer.toString(status))
                .tag("code", code)
                .register(registry).increment();
    }

    /** A call card posted, rewritten as ended, or not rewritten (failed). */
    public void mattermostCard(String result) {
        Counter.builder("prochat_mattermost_cards").description("Call cards the bot posted or rewrote in Mattermost")
                .tag("result", result).register(registry).increment();
    }

    /** A slash command answered, by command and sub-command (start, status, end, help). */
    public void slashCommand(String command, String sub) {
        Counter.builder("prochat_slash_commands").description("Slash commands answered")
                .tag("command", command).tag("sub", sub).register(registry).increment();
    }

    /** A button click, by action and outcome (ok, refused, expired, replayed, forged). */
    public void buttonClick(String action, String outcome) {
        Counter.builder("prochat_button_clicks").description("Card button clicks")
                .tag("action", action).tag("outcome", outcome).register(registry).increment();
    }

    /** A try to destroy an ended call's Jitsi room: destroyed, retried (failed, tried again later) or given_up. */
    public void roomTeardown(String result) {
        Counter.builder("prochat_room_teardowns").description("Tries to destroy the Jitsi rooms of ended calls")
                .tag("result", result).register(registry).increment();
    }

    /** Jitsi rooms of ended calls still to be destroyed (read from the store at scrape time). */
    public void roomTeardownsPendingGauge(Supplier<Number> pending) {
        Gauge.builder("prochat_room_teardowns_pending", pending)
                .description("Jitsi rooms of ended calls still to be destroyed").register(registry);
    }

    public void activeCallsGauge(Supplier<Number> activeCalls) {
        Gauge.builder("prochat_calls_active", activeCalls).description("Calls in progress").register(registry);
    }

    /** The SFU's transport counters, read at scrape time (the media path only bumps LongAdders). */
    public void bindSfu(SfuMetrics sfu, Supplier<Number> transports) {
        java.util.Map<SfuMetrics.JoinPhase, io.micrometer.core.instrument.Timer> phases =
                new java.util.EnumMap<>(SfuMetrics.JoinPhase.class);
        for (SfuMetrics.JoinPhase ph : SfuMetrics.JoinPhase.values()) {
            phases.put(ph, io.micrometer.core.instrument.Timer.builder("prochat_sfu_join_phase")
                    .description("How long each phase of a huddle join took (signalling, ice, dtls, media)")
                    .tag("phase", ph.label()).publishPercentileHistogram()
                    .minimumExpectedValue(java.time.Duration.ofMillis(1))
                    .maximumExpectedValue(java.time.Duration.ofSeconds(30)).register(registry));
        }
        sfu.onJoinPhase((ph, nanos) -> phases.get(ph).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS));
        for (SfuMetrics.Drop drop : SfuMetrics.Drop.values()) {
            FunctionCounter.builder("prochat_sfu_packets_dropped", sfu, m -> m.drops(drop))
                    .description("Media datagrams dropped, by reason").tag("reason", lower(drop.name()))
                    .register(registry);
        }
        for (CloseReason reason : CloseReason.values()) {
            FunctionCounter.builder("prochat_sfu_transports_closed", sfu, m -> m.closes(reason))
                    .description("Media transports closed, by reason").tag("reason", lower(reason.name()))
                    .register(registry);
        }
        FunctionCounter.builder("prochat_sfu_rtp_packets", sfu, SfuMetrics::rtpPacketsIn).tag("direction", "in")
                .description("SRTP packets decrypted (in) and sent (out)").register(registry);
        FunctionCounter.builder("prochat_sfu_rtp_packets", sfu, SfuMetrics::rtpPacketsOut).tag("direction", "out")
                .description("SRTP packets decrypted (in) and sent (out)").register(registry);
        FunctionCounter.builder("prochat_sfu_rtcp_packets", sfu, SfuMetrics::rtcpPacketsIn).tag("direction", "in")
                .description("SRTCP packets decrypted (in) and sent (out)").register(registry);
        FunctionCounter.builder("prochat_sfu_rtcp_packets", sfu, SfuMetrics::rtcpPacketsOut).tag("direction", "out")
                .description("SRTCP packets decrypted (in) and sent (out)").register(registry);
        for (SfuMetrics.Media m : SfuMetrics.Media.values()) {
            String reason = lower(m.name());
            if (reason.startsWith("nack_")) {
                FunctionCounter.builder("prochat_sfu_nacks_refused", sfu, x -> x.media(m))
                        .description("NACKed packets not resent, by reason").tag("reason", reason.substring(5))
                        .register(registry);
            } else {
                FunctionCounter.builder("prochat_sfu_forwarder_dropped", sfu, x -> x.media(m))
                        .description("Decrypted RTP and RTCP packets the forwarder did not forward, by reason")
                        .tag("reason", reason).register(registry);
            }
        }
        for (SfuMetrics.Stage stage : SfuMetrics.Stage.values()) {
            FunctionCounter.builder("prochat_sfu_stage_packets", sfu, x -> x.stagePassed(stage))
                    .description("Packets each stage of the media path passed on or dropped, by outcome (passed or why)")
                    .tag("stage", stage.label()).tag("outcome", "passed").register(registry);
        }
        for (SfuMetrics.StageDrop drop : SfuMetrics.StageDrop.values()) {
            FunctionCounter.builder("prochat_sfu_stage_packets", sfu, x -> x.stageDropped(drop))
                    .description("Packets each stage of the media path passed on or dropped, by outcome (passed or why)")
                    .tag("stage", drop.stage.label()).tag("outcome", drop.label).register(registry);
        }
        // congestion control (issue 14): simulcast switches and the receivers' transport-cc estimates
        FunctionCounter.builder("prochat_sfu_layer_switches", sfu, x -> x.layerSwitches(true)).tag("direction", "up")
                .description("Receivers moved to a higher or lower simulcast layer").register(registry);
        FunctionCounter.builder("prochat_sfu_layer_switches", sfu, x -> x.layerSwitches(false)).tag("direction", "down")
                .description("Receivers moved to a higher or lower simulcast layer").register(registry);
        FunctionCounter.builder("prochat_sfu_probes", sfu, x -> x.probes(true)).tag("result", "raised")
                .description("Bandwidth probes toward receivers, by whether they found more room").register(registry);
        FunctionCounter.builder("prochat_sfu_probes", sfu, x -> x.probes(false)).tag("result", "flat")
                .description("Bandwidth probes toward receivers, by whether they found more room").register(registry);
        FunctionCounter.builder("prochat_sfu_probe_padding_bytes", sfu, SfuMetrics::probePaddingBytes)
                .description("Padding sent to receivers by bandwidth probes, before SRTP").register(registry);
        for (int i = 0; i <= SfuMetrics.ESTIMATE_BUCKETS_BPS.length; i++) {
            int upTo = i;
            String le = i < SfuMetrics.ESTIMATE_BUCKETS_BPS.length ? Long.toString(SfuMetrics.ESTIMATE_BUCKETS_BPS[i])
                    : "+Inf";
            FunctionCounter.builder("prochat_sfu_receiver_estimate_samples", sfu, x -> {
                long n = 0;
                for (int k = 0; k <= upTo; k++) {
                    n += x.estimates(k);
                }
                return n;
            }).tag("le", le).description("Receivers' transport-cc bandwidth estimates in bit/s, sampled once a second"
                    + " per receiver, cumulative by upper bound").register(registry);
        }
        FunctionCounter.builder("prochat_sfu_receiver_estimate_bps_sum", sfu, SfuMetrics::estimateSum)
                .description("Sum of the sampled receiver estimates in bit/s (divide by the +Inf samples for the mean)")
                .register(registry);
        for (SfuMetrics.Refusal r : SfuMetrics.Refusal.values()) {
            FunctionCounter.builder("prochat_sfu_joins_refused", sfu, x -> x.refusals(r))
                    .description("Huddle and Calls joins (and sessions' own offers) a room refused, by reason")
                    .tag("reason", lower(r.name())).register(registry);
        }
        for (io.prochat.rtc.sfu.ice.TcpRefusal r : io.prochat.rtc.sfu.ice.TcpRefusal.values()) {
            FunctionCounter.builder("prochat_sfu_tcp_refused", sfu, m -> m.tcpRefused(r))
                    .description("Connections to the media TCP port closed before they reached a session, by why")
                    .tag("reason", lower(r.name())).register(registry);
        }
        Gauge.builder("prochat_sfu_tcp_pending", sfu, SfuMetrics::tcpPending)
                .description("Connections to the media TCP port waiting for their first STUN request").register(registry);
        FunctionCounter.builder("prochat_sfu_retransmissions", sfu, SfuMetrics::retransmissions)
                .description("Packets resent for receivers' NACKs").register(registry);
        FunctionCounter.builder("prochat_sfu_dtls_handshakes", sfu, SfuMetrics::dtlsHandshakesCompleted)
                .description("DTLS handshakes completed").register(registry);
        FunctionCounter.builder("prochat_sfu_ice_role_conflicts", sfu, SfuMetrics::iceRoleConflicts)
                .description("ICE role conflicts: a peer that also claimed the controlled role (told to switch)")
                .register(registry);
        Gauge.builder("prochat_sfu_transports", transports).description("Media transports open").register(registry);
    }

    /**
     * rtcd's {@code rtcd_ws_connections_total} gauge for one client (rtcd.md §5): plugin WebSockets open. Registered
     * once per client id; {@code open} is read at scrape time.
     */
    public void rtcdWsConnections(String clientId, Supplier<Number> open) {
        // Written by hand in scrape(): Micrometer's Prometheus registry drops "_total" from gauge names, and
        // Grafana dashboard 23225 reads rtcd's exact name.
        wsConnections.putIfAbsent(clientId, open);
    }

    /** rtcd's {@code rtcd_ws_messages_total}: envelopes by client, type and direction ({@code in}/{@code out}). */
    public void rtcdWsMessage(String clientId, String type, String direction) {
        Counter.builder("rtcd_ws_messages").description("Plugin WebSocket messages")
                .tag("clientID", clientId).tag("type", type).tag("direction", direction).register(registry).increment();
    }

    /**
     * Something of the rtcd protocol refused or dropped, by where ({@code api}, {@code ws}, {@code outbound}) and a
     * short reason ({@code bad_credentials}, {@code malformed}, {@code rate_limited}, {@code other_client}, …).
     */
    public void rtcdRefused(String where, String reason) {
        Counter.builder("prochat_rtcd_refused").description("rtcd API requests and WebSocket messages refused")
                .tag("where", where).tag("reason", reason).register(registry).increment();
    }

    private static String lower(String name) {
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    public String scrape() {
        String text = registry.scrape();
        if (wsConnections.isEmpty()) {
            return text;
        }
        StringBuilder b = new StringBuilder(text);
        b.append("# HELP rtcd_ws_connections_total Plugin WebSocket connections open\n");
        b.append("# TYPE rtcd_ws_connections_total gauge\n");
        wsConnections.forEach((client, open) -> b.append("rtcd_ws_connections_total{clientID=\"")
                .append(client.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
                .append("\"} ").append(open.get().doubleValue()).append('\n'));
        return b.toString();
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
