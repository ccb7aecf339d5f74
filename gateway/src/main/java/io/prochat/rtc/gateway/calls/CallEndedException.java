package io.prochat.rtc.gateway.calls;

public final class CallEndedException extends RuntimeException {
    public CallEndedException(String id) {
        super("call " + id + " has ended");
    }
}
