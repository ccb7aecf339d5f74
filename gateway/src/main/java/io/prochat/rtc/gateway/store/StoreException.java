package io.prochat.rtc.gateway.store;

/** The store could not do what was asked; the message is safe to show an operator. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
