package io.prochat.rtc.gateway.rtcd;

/** Where the session layer sends server → plugin messages; never blocks. */
public interface RtcdOutbound {
    void send(String clientId, String sessionId, RtcdMessages.Outgoing message);
}
