package io.prochat.rtc.gateway.routing;

import io.prochat.rtc.gateway.calls.Backend;

/**
 * A backend's health as routing sees it. {@code detail} says why in words (shown in route reasons and
 * in GET /api/v1/backends); {@code full} means healthy but at capacity. A <em>degraded</em> backend is
 * healthy (it still serves calls, e.g. Jitsi links without XMPP room control) and its detail starts with
 * {@value #DEGRADED}, which route reasons repeat.
 */
public record BackendStatus(Backend backend, boolean healthy, boolean full, String detail) {

    public static BackendStatus up(Backend backend, String detail) {
        return new BackendStatus(backend, true, false, detail);
    }

    public static BackendStatus down(Backend backend, String detail) {
        return new BackendStatus(backend, false, false, detail);
    }

    /** How a degraded backend's detail begins. */
    public static final String DEGRADED = "degraded: ";

    /** Serves calls, but without something it normally offers; {@code why} says what. */
    public static BackendStatus degraded(Backend backend, String why) {
        return new BackendStatus(backend, true, false, DEGRADED + why);
    }

    public boolean degraded() {
        return healthy && detail != null && detail.startsWith(DEGRADED);
    }

    public boolean canServe() {
        return healthy && !full;
    }

    /** Why this backend cannot take a call, e.g. "SFU unavailable (multi-party rooms not built yet)". */
    public String whyNot() {
        String name = backend == Backend.SFU ? "SFU" : "Jitsi";
        return healthy ? name + " full (" + detail + ")" : name + " unavailable (" + detail + ")";
    }
}
