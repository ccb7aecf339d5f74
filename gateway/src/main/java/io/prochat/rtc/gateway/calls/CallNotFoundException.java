package io.prochat.rtc.gateway.calls;

public final class CallNotFoundException extends RuntimeException {
    public CallNotFoundException(String id) {
        super("no call with id " + id);
    }
}
