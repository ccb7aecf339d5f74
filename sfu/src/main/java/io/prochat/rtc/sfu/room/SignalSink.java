package io.prochat.rtc.sfu.room;

/**
 * Where a participant's signals go (the gateway's WebSocket). Called on the room's control thread: must not block
 * (queue the write). A sink that can no longer deliver should say so by the room being told
 * {@link Room#disconnected}.
 */
@FunctionalInterface
public interface SignalSink {
    void send(Signal signal);
}
