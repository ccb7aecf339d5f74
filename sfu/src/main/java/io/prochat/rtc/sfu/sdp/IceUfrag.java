package io.prochat.rtc.sfu.sdp;

/**
 * {@code a=ice-ufrag:<ufrag>} (RFC 8839 §5.4). RFC 8839 asks for 4..256 ice-chars; only the
 * character set and the upper bound are enforced, so a peer with a short ufrag is not refused here.
 * It is the part of a STUN USERNAME that routes a connectivity check to its agent.
 */
public record IceUfrag(String value) implements SdpAttribute {
    public IceUfrag {
        if (!Tokens.isIceChars(value) || value.length() > 256) {
            throw new IllegalArgumentException("bad ice-ufrag: \"" + value + "\"");
        }
    }

    /** Parses the value after {@code a=ice-ufrag:}. */
    public static IceUfrag parse(String value) throws SdpParseException {
        if (!Tokens.isIceChars(value) || value.length() > 256) {
            throw new SdpParseException("bad ice-ufrag \"" + value + "\"");
        }
        return new IceUfrag(value);
    }

    @Override
    public String sdpName() {
        return "ice-ufrag";
    }

    @Override
    public String sdpValue() {
        return value;
    }
}
