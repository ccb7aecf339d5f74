package io.prochat.rtc.gateway.rtcd;

/**
 * A WebSocket frame or data channel message that is not what the protocol allows: bad msgpack, a value of the
 * wrong type, a missing field, trailing bytes, an over-large or over-inflating payload. The only exception the
 * decoders throw; its message names the problem and never quotes the payload.
 */
public final class MalformedMessageException extends Exception {
    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
