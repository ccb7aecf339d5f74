package io.prochat.rtc.gateway.routing;

import io.prochat.rtc.gateway.calls.Backend;
import io.prochat.rtc.gateway.calls.CallKind;
import io.prochat.rtc.gateway.calls.CallNeeds;
import io.prochat.rtc.gateway.calls.Route;
import io.prochat.rtc.gateway.config.RoutingMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.prochat.rtc.gateway.calls.Backend.JITSI;
import static io.prochat.rtc.gateway.calls.Backend.SFU;
import static io.prochat.rtc.gateway.calls.CallKind.AUTO;
import static io.prochat.rtc.gateway.calls.CallKind.HUDDLE;
import static io.prochat.rtc.gateway.calls.CallKind.MEETING;
import static io.prochat.rtc.gateway.config.RoutingMode.HYBRID;
import static io.prochat.rtc.gateway.config.RoutingMode.JITSI_ONLY;
import static io.prochat.rtc.gateway.config.RoutingMode.SFU_ONLY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The routing table: every rule, every mode, fallbacks, with the reason each decision gives. */
class RouterTest {
    /** Health of both backends for one row. */
    enum Health { BOTH_UP, SFU_DOWN, JITSI_DOWN, SFU_FULL, BOTH_DOWN }

    private static final CallNeeds PLAIN = CallNeeds.NONE;
    private static final CallNeeds RECORDING = new CallNeeds(true, false, null, false, false);
    private static final CallNeeds GUESTS = new CallNeeds(false, true, null, false, false);
    private static final CallNeeds LOBBY = new CallNeeds(false, false, null, true, false);
    private static final CallNeeds PASSWORD = new CallNeeds(false, false, null, false, true);
    private static final CallNeeds FOUR = new CallNeeds(false, false, 4, false, false);
    private static final CallNeeds TEN = new CallNeeds(false, false, 10, false, false);
    private static final CallNeeds ELEVEN = new CallNeeds(false, false, 11, false, false);
    private static final CallNeeds HUGE = new CallNeeds(false, false, 500, false, false);

    static Stream<Arguments> placed() {
        return Stream.of(
                // mode, health, requested, needs -> kind, backend, fallback, reason fragment
                row(HYBRID, Health.BOTH_UP, AUTO, PLAIN, HUDDLE, SFU, false, "a quick huddle: no meeting features asked for; runs on the built-in SFU"),
                row(HYBRID, Health.BOTH_UP, AUTO, FOUR, HUDDLE, SFU, false, "4 ≤ HuddleMaxParticipants (10)"),
                row(HYBRID, Health.BOTH_UP, AUTO, TEN, HUDDLE, SFU, false, "10 ≤ HuddleMaxParticipants (10)"),
                row(HYBRID, Health.BOTH_UP, AUTO, ELEVEN, MEETING, JITSI, false, "expects 11 participants, more than HuddleMaxParticipants (10); runs on Jitsi"),
                row(HYBRID, Health.BOTH_UP, AUTO, RECORDING, MEETING, JITSI, false, "needs recording, which only meetings offer"),
                row(HYBRID, Health.BOTH_UP, AUTO, GUESTS, MEETING, JITSI, false, "needs external guests"),
                row(HYBRID, Health.BOTH_UP, AUTO, LOBBY, MEETING, JITSI, false, "needs a lobby"),
                row(HYBRID, Health.BOTH_UP, AUTO, PASSWORD, MEETING, JITSI, false, "needs a password"),
                row(HYBRID, Health.BOTH_UP, MEETING, PLAIN, MEETING, JITSI, false, "a meeting was asked for; runs on Jitsi"),
                row(HYBRID, Health.BOTH_UP, HUDDLE, PLAIN, HUDDLE, SFU, false, "a huddle was asked for; runs on the built-in SFU"),
                row(HYBRID, Health.BOTH_UP, HUDDLE, RECORDING, MEETING, JITSI, false, "a huddle was asked for, but it needs recording"),
                row(HYBRID, Health.BOTH_UP, HUDDLE, ELEVEN, MEETING, JITSI, false, "a huddle was asked for, but it expects 11 participants"),
                // fallbacks
                row(HYBRID, Health.SFU_DOWN, AUTO, PLAIN, HUDDLE, JITSI, true, "SFU unavailable (test outage), so it falls back to Jitsi"),
                row(HYBRID, Health.SFU_FULL, HUDDLE, PLAIN, HUDDLE, JITSI, true, "SFU full (at capacity), so it falls back to Jitsi"),
                row(HYBRID, Health.JITSI_DOWN, MEETING, PLAIN, MEETING, SFU, true, "Jitsi unavailable (test outage), so it falls back to the built-in SFU"),
                row(HYBRID, Health.JITSI_DOWN, AUTO, ELEVEN, MEETING, SFU, true, "falls back to the built-in SFU"),
                // single-backend modes
                row(JITSI_ONLY, Health.BOTH_UP, AUTO, PLAIN, HUDDLE, JITSI, false, "runs on Jitsi (Mode = jitsi-only)"),
                row(JITSI_ONLY, Health.SFU_DOWN, HUDDLE, PLAIN, HUDDLE, JITSI, false, "(Mode = jitsi-only)"),
                row(JITSI_ONLY, Health.BOTH_UP, AUTO, RECORDING, MEETING, JITSI, false, "needs recording"),
                row(SFU_ONLY, Health.BOTH_UP, AUTO, PLAIN, HUDDLE, SFU, false, "runs on the built-in SFU (Mode = sfu-only)"),
                row(SFU_ONLY, Health.JITSI_DOWN, MEETING, PLAIN, MEETING, SFU, false, "a meeting was asked for; runs on the built-in SFU (Mode = sfu-only)"),
                row(SFU_ONLY, Health.BOTH_UP, AUTO, ELEVEN, MEETING, SFU, false, "expects 11 participants"));
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} -> {4} on {5}")
    @MethodSource("placed")
    void routesWithReason(RoutingMode mode, Health health, CallKind requested, CallNeeds needs,
                          CallKind kind, Backend backend, boolean fallback, String reason) {
        Route route = router(mode, health).route(requested, needs);

        assertEquals(kind, route.kind());
        assertEquals(backend, route.backend());
        assertEquals(fallback, route.fallback());
        assertEquals(mode, route.mode());
        assertThat(route.reason()).contains(reason);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                // mode, health, requested, needs -> unavailable?, reason fragment
                Arguments.of(HYBRID, Health.BOTH_DOWN, AUTO, PLAIN, true, "SFU unavailable (test outage) and Jitsi unavailable (test outage)"),
                Arguments.of(HYBRID, Health.JITSI_DOWN, AUTO, RECORDING, true, "Jitsi unavailable (test outage), and the SFU does not offer recording"),
                Arguments.of(HYBRID, Health.JITSI_DOWN, AUTO, HUGE, true, "the SFU takes at most 100 participants"),
                Arguments.of(JITSI_ONLY, Health.JITSI_DOWN, AUTO, PLAIN, true, "Mode is jitsi-only and Jitsi unavailable"),
                Arguments.of(SFU_ONLY, Health.SFU_DOWN, AUTO, PLAIN, true, "Mode is sfu-only and SFU unavailable"),
                Arguments.of(SFU_ONLY, Health.BOTH_UP, AUTO, GUESTS, false, "Mode is sfu-only and the SFU does not offer external guests"),
                Arguments.of(SFU_ONLY, Health.BOTH_UP, MEETING, LOBBY, false, "the SFU does not offer a lobby"));
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} -> refused")
    @MethodSource("refused")
    void refusesWithReason(RoutingMode mode, Health health, CallKind requested, CallNeeds needs,
                           boolean unavailable, String reason) {
        assertThatThrownBy(() -> router(mode, health).route(requested, needs))
                .isInstanceOfSatisfying(RoutingException.class, e -> {
                    assertEquals(unavailable, e.unavailable());
                    assertThat(e.getMessage()).contains(reason);
                });
    }

    @org.junit.jupiter.api.Test
    void aDegradedBackendStillServesAndTheReasonSaysHow() {
        BackendStatus degraded = BackendStatus.degraded(JITSI, "XMPP room control unavailable (not connected)");
        assertThat(degraded.canServe()).isTrue();
        assertThat(degraded.degraded()).isTrue();
        assertThat(BackendStatus.up(JITSI, "ok").degraded()).isFalse();

        Router hybrid = new Router(HYBRID, 10, 100, b -> b == JITSI ? degraded : BackendStatus.down(b, "test outage"));
        assertThat(hybrid.route(MEETING, PLAIN).reason()).isEqualTo("a meeting was asked for; runs on Jitsi"
                + " (degraded: XMPP room control unavailable (not connected))");
        Route fallback = hybrid.route(HUDDLE, PLAIN);
        assertThat(fallback.fallback()).isTrue();
        assertThat(fallback.reason()).endsWith("so it falls back to Jitsi (degraded: XMPP room control unavailable (not connected))");

        Router only = new Router(JITSI_ONLY, 10, 100, b -> degraded);
        assertThat(only.route(MEETING, PLAIN).reason()).endsWith("(Mode = jitsi-only) (degraded: XMPP room control unavailable (not connected))");
    }

    private static Arguments row(RoutingMode mode, Health health, CallKind requested, CallNeeds needs,
                                 CallKind kind, Backend backend, boolean fallback, String reason) {
        return Arguments.of(mode, health, requested, needs, kind, backend, fallback, reason);
    }

    private static Router router(RoutingMode mode, Health health) {
        return new Router(mode, 10, 100, backend -> switch (health) {
            case BOTH_UP -> BackendStatus.up(backend, "ok");
            case BOTH_DOWN -> BackendStatus.down(backend, "test outage");
            case SFU_DOWN -> backend == SFU ? BackendStatus.down(backend, "test outage") : BackendStatus.up(backend, "ok");
            case JITSI_DOWN -> backend == JITSI ? BackendStatus.down(backend, "test outage") : BackendStatus.up(backend, "ok");
            case SFU_FULL -> backend == SFU ? new BackendStatus(backend, true, true, "at capacity") : BackendStatus.up(backend, "ok");
        });
    }
}
