package io.prochat.rtc.gateway.calls;

import java.time.Instant;

/** A new call or join asked for while the gateway drains before it stops: the API answers 503. */
public final class DrainingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DrainingException(Instant endsBy) {
        super("the gateway is shutting down (running calls end by " + endsBy
                + "): no new calls or joins; try again in a minute");
    }
}
