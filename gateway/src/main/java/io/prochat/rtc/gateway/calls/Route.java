package io.prochat.rtc.gateway.calls;

import io.prochat.rtc.gateway.config.RoutingMode;

/** A routing decision: which kind of call, on which backend, and why, in words an admin can read. */
public record Route(CallKind kind, Backend backend, String reason, boolean fallback, RoutingMode mode) {
}
