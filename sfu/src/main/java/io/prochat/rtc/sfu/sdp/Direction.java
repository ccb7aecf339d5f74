package io.prochat.rtc.sfu.sdp;

/**
 * The media direction property attributes {@code a=sendrecv}, {@code a=sendonly}, {@code a=recvonly},
 * {@code a=inactive} (RFC 8866 §6.7), as seen by the writer of the SDP. Absent means sendrecv.
 */
public enum Direction implements SdpAttribute {
    SENDRECV("sendrecv"),
    SENDONLY("sendonly"),
    RECVONLY("recvonly"),
    INACTIVE("inactive");

    private final String token;

    Direction(String token) {
        this.token = token;
    }

    /** Parses the keyword; {@code parse(d.sdpName()) == d}. */
    public static Direction parse(String text) throws SdpParseException {
        for (Direction d : values()) {
            if (d.token.equals(text)) {
                return d;
            }
        }
        throw new SdpParseException("unknown direction \"" + text + "\"");
    }

    /** The same direction seen from the other side (RFC 8829 §5.3.1): sendonly and recvonly swap. */
    public Direction reversed() {
        switch (this) {
            case SENDONLY:
                return RECVONLY;
            case RECVONLY:
                return SENDONLY;
            default:
                return this;
        }
    }

    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }

    @Override
    public String sdpName() {
        return token;
    }

    /** Always null: a direction is a property attribute. */
    @Override
    public String sdpValue() {
        return null;
    }
}
