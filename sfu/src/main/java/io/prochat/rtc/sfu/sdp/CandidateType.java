package io.prochat.rtc.sfu.sdp;

/** The {@code typ} of an ICE candidate (RFC 8839 §5.1, RFC 8445 §5.1.1). */
public enum CandidateType {
    HOST("host"),
    SERVER_REFLEXIVE("srflx"),
    PEER_REFLEXIVE("prflx"),
    RELAYED("relay");

    private final String token;

    CandidateType(String token) {
        this.token = token;
    }

    /** The SDP keyword, e.g. {@code srflx}. */
    public String token() {
        return token;
    }

    /** Parses the keyword; {@code parse(t.token()) == t}. */
    public static CandidateType parse(String text) throws SdpParseException {
        for (CandidateType type : values()) {
            if (type.token.equals(text)) {
                return type;
            }
        }
        throw new SdpParseException("unknown candidate type \"" + text + "\"");
    }
}
