package io.prochat.rtc.sfu.datachannel;

/**
 * How a channel delivers (RFC 8832 §5.1 channel types): ordered or not, and at most one of a retransmission limit or a
 * lifetime in milliseconds (-1 = none, fully reliable).
 */
public record Reliability(boolean ordered, int maxRetransmits, int maxLifetimeMillis) {
    public static final Reliability RELIABLE = new Reliability(true, -1, -1);

    private static final int UNORDERED = 0x80;
    private static final int REXMIT = 0x01;
    private static final int TIMED = 0x02;

    public Reliability {
        if (maxRetransmits >= 0 && maxLifetimeMillis >= 0) {
            throw new IllegalArgumentException("either a retransmission limit or a lifetime, not both");
        }
    }

    int channelType() {
        int type = maxRetransmits >= 0 ? REXMIT : maxLifetimeMillis >= 0 ? TIMED : 0;
        return ordered ? type : type | UNORDERED;
    }

    int parameter() {
        return maxRetransmits >= 0 ? maxRetransmits : Math.max(0, maxLifetimeMillis);
    }

    /** Null for a channel type RFC 8832 does not define. */
    static Reliability fromChannelType(int type, int parameter) {
        boolean ordered = (type & UNORDERED) == 0;
        int limit = parameter < 0 ? Integer.MAX_VALUE : parameter;
        return switch (type & ~UNORDERED) {
            case 0 -> new Reliability(ordered, -1, -1);
            case REXMIT -> new Reliability(ordered, limit, -1);
            case TIMED -> new Reliability(ordered, -1, limit);
            default -> null;
        };
    }
}
