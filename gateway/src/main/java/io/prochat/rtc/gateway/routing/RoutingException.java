package io.prochat.rtc.gateway.routing;

/** No backend can serve the call; {@code unavailable} tells an outage (503) from an impossible request (422). */
public final class RoutingException extends RuntimeException {
    private final boolean unavailable;

    public RoutingException(String message, boolean unavailable) {
        super(message);
        this.unavailable = unavailable;
    }

    public boolean unavailable() {
        return unavailable;
    }
}
