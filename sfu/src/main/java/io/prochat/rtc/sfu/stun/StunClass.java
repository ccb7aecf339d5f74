package io.prochat.rtc.sfu.stun;

/** The class bits of a STUN message type (RFC 8489 §5): C1 is type bit 8, C0 type bit 4. */
public enum StunClass {
    REQUEST,
    INDICATION,
    SUCCESS_RESPONSE,
    ERROR_RESPONSE;

    /** The class of a 14-bit message type. */
    public static StunClass of(int messageType) {
        return values()[((messageType >> 7) & 0x02) | ((messageType >> 4) & 0x01)];
    }
}
