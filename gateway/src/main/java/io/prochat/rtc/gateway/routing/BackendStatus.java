package io.prochat.rtc.gateway.routing;

import io.prochat.rtc.gateway.calls.Backend;

/**
 * A backend's health as routing sees it. {@code detail} says why in words (shown in route reasons and
 * in GET /api/v1/backends); {@code full} means healthy but at capacity.
 */
public record BackendStatus(Backend backend, boolean healthy, boolean full, String detail) {

    public static BackendStatus up(Backend backend, String detail) {
        return new BackendStatus(backend, true, false, detail);
    }

    public static BackendStatus down(Backend backend, String detail) {
        return new BackendStatus(backend, false, false, detail);
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
