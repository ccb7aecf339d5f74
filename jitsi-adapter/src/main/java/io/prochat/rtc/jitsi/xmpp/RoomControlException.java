package io.prochat.rtc.jitsi.xmpp;

/**
 * A room operation that did not happen. {@link #unavailable()} tells "no XMPP connection right now"
 * (retry later; the meeting can still go ahead on links alone) from "the server refused or failed this
 * operation" (e.g. {@code not-authorized}, a timeout). Messages never contain a password.
 */
public final class RoomControlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean unavailable;

    RoomControlException(String message, boolean unavailable, Throwable cause) {
        super(message, cause);
        this.unavailable = unavailable;
    }

    static RoomControlException unavailable(String why) {
        return new RoomControlException("XMPP room control unavailable (" + why + ")", true, null);
    }

    static RoomControlException failed(String what, Throwable cause) {
        return new RoomControlException(what + ": " + XmppErrors.describe(cause), false, cause);
    }

    /** True when there was no connection to try the operation on. */
    public boolean unavailable() {
        return unavailable;
    }
}
