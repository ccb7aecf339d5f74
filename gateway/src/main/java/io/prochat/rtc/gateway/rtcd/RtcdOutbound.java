package io.prochat.rtc.gateway.rtcd;

/**
 * Where the session layer sends server → plugin messages. {@link RtcdConnections} implements it: a session's
 * messages go to the connection that sent its {@code join} or latest {@code reconnect}, or, when that one is gone, at
 * once to the newest open connection of the same client. Safe to call from any thread; never blocks; a message with
 * nowhere to go is dropped, counted and logged.
 */
public interface RtcdOutbound {
    /** @param message an {@link RtcdMessages.Rtc}, {@link RtcdMessages.Vad} or {@link RtcdMessages.Close} */
    void send(String clientId, String sessionId, RtcdMessages.Outgoing message);
}
