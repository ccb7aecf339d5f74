package io.prochat.rtc.sfu.sdp;

/** The {@code send} / {@code recv} keyword of {@code a=rid} (RFC 8851) and {@code a=simulcast} (RFC 8853). */
public enum StreamDirection {
    SEND("send"),
    RECV("recv");

    private final String token;

    StreamDirection(String token) {
        this.token = token;
    }

    /** The SDP keyword. */
    public String token() {
        return token;
    }

    /** The other direction: what an answerer writes for what the offerer sends. */
    public StreamDirection reversed() {
        return this == SEND ? RECV : SEND;
    }

    /** Parses {@code send} or {@code recv}; {@code parse(d.token()) == d}. */
    public static StreamDirection parse(String text) throws SdpParseException {
        for (StreamDirection d : values()) {
            if (d.token.equals(text)) {
                return d;
            }
        }
        throw new SdpParseException("expected send or recv, got \"" + text + "\"");
    }
}
