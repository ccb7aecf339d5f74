package io.prochat.rtc.gateway.routing;

import io.prochat.rtc.gateway.calls.Backend;
import io.prochat.rtc.gateway.calls.CallKind;
import io.prochat.rtc.gateway.calls.CallNeeds;
import io.prochat.rtc.gateway.calls.Route;
import io.prochat.rtc.gateway.config.RoutingMode;

import java.util.function.Function;

/**
 * Decides where a call runs (DESIGN.md "Routing"). In hybrid mode a call is a meeting when asked for,
 * or when it needs a Jitsi-only feature or more people than a huddle holds; otherwise a huddle.
 * Huddles go to the SFU, meetings to Jitsi; when that backend cannot serve, the call falls back to the
 * other one if it can, and the reason says so. Pure: health comes in as a function, nothing is stored.
 */
public final class Router {
    private final RoutingMode mode;
    private final int huddleMaxParticipants;
    private final int sfuMaxParticipants;
    private final Function<Backend, BackendStatus> health;

    public Router(RoutingMode mode, int huddleMaxParticipants, int sfuMaxParticipants,
                  Function<Backend, BackendStatus> health) {
        this.mode = mode;
        this.huddleMaxParticipants = huddleMaxParticipants;
        this.sfuMaxParticipants = sfuMaxParticipants;
        this.health = health;
    }

    public Route route(CallKind requested, CallNeeds needs) {
        Placement placement = classify(requested, needs);
        return switch (mode) {
            case HYBRID -> hybrid(placement, needs);
            case JITSI_ONLY -> only(Backend.JITSI, placement, needs);
            case SFU_ONLY -> only(Backend.SFU, placement, needs);
        };
    }

    private record Placement(CallKind kind, String why) {
    }

    private Placement classify(CallKind requested, CallNeeds needs) {
        String feature = needs.jitsiOnlyFeature();
        Integer expected = needs.expectedParticipants();
        if (requested == CallKind.MEETING) {
            return new Placement(CallKind.MEETING, "a meeting was asked for");
        }
        if (feature != null) {
            String asked = requested == CallKind.HUDDLE ? "a huddle was asked for, but it " : "it ";
            return new Placement(CallKind.MEETING, asked + "needs " + feature + ", which only meetings offer");
        }
        if (expected != null && expected > huddleMaxParticipants) {
            String asked = requested == CallKind.HUDDLE ? "a huddle was asked for, but it " : "it ";
            return new Placement(CallKind.MEETING, asked + "expects " + expected
                    + " participants, more than HuddleMaxParticipants (" + huddleMaxParticipants + ")");
        }
        if (requested == CallKind.HUDDLE) {
            return new Placement(CallKind.HUDDLE, "a huddle was asked for");
        }
        return new Placement(CallKind.HUDDLE, "a quick huddle: no meeting features asked for"
                + (expected == null ? "" : " and " + expected + " ≤ HuddleMaxParticipants (" + huddleMaxParticipants + ")"));
    }

    private Route hybrid(Placement placement, CallNeeds needs) {
        Backend preferred = placement.kind() == CallKind.MEETING ? Backend.JITSI : Backend.SFU;
        BackendStatus first = health.apply(preferred);
        if (first.canServe()) {
            return new Route(placement.kind(), preferred, placement.why() + "; runs on " + label(preferred)
                    + degradation(first), false, mode);
        }
        Backend other = preferred.other();
        String otherCannot = cannotServe(other, needs);
        if (otherCannot == null) {
            BackendStatus second = health.apply(other);
            if (second.canServe()) {
                return new Route(placement.kind(), other, placement.why() + "; " + first.whyNot()
                        + ", so it falls back to " + label(other) + degradation(second), true, mode);
            }
            throw new RoutingException(placement.why() + "; " + first.whyNot() + " and " + second.whyNot(), true);
        }
        throw new RoutingException(placement.why() + "; " + first.whyNot() + ", and " + otherCannot, true);
    }

    private Route only(Backend backend, Placement placement, CallNeeds needs) {
        String cannot = cannotServe(backend, needs);
        if (cannot != null) {
            throw new RoutingException(placement.why() + ", but Mode is " + mode.configName() + " and " + cannot, false);
        }
        BackendStatus status = health.apply(backend);
        if (!status.canServe()) {
            throw new RoutingException(placement.why() + "; Mode is " + mode.configName() + " and " + status.whyNot(), true);
        }
        return new Route(placement.kind(), backend, placement.why() + "; runs on " + label(backend)
                + " (Mode = " + mode.configName() + ")" + degradation(status), false, mode);
    }

    /** A degraded backend still serves, and the reason says in what way it is degraded. */
    private static String degradation(BackendStatus status) {
        return status.degraded() ? " (" + status.detail() + ")" : "";
    }

    /** Why a backend can never serve this call, whatever its health; null when it can. */
    private String cannotServe(Backend backend, CallNeeds needs) {
        if (backend != Backend.SFU) {
            return null;
        }
        if (needs.jitsiOnlyFeature() != null) {
            return "the SFU does not offer " + needs.jitsiOnlyFeature();
        }
        Integer expected = needs.expectedParticipants();
        if (expected != null && expected > sfuMaxParticipants) {
            return "the SFU takes at most " + sfuMaxParticipants + " participants (MaxCallParticipants)";
        }
        return null;
    }

    private static String label(Backend backend) {
        return backend == Backend.SFU ? "the built-in SFU" : "Jitsi";
    }
}
