package io.prochat.rtc.sfu.sdp;

/**
 * {@code a=setup:<role>} (RFC 4145 §4, RFC 5763 §5): who starts the DTLS handshake. An
 * {@code active} endpoint is the DTLS client. Browsers offer {@code actpass}; the answerer picks
 * {@code active} or {@code passive}.
 */
public enum SetupRole implements SdpAttribute {
    ACTIVE("active"),
    PASSIVE("passive"),
    ACTPASS("actpass"),
    HOLDCONN("holdconn");

    private final String token;

    SetupRole(String token) {
        this.token = token;
    }

    /** The SDP keyword, e.g. {@code actpass}. */
    public String token() {
        return token;
    }

    /** Parses the keyword; {@code parse(r.token()) == r}. Unknown keywords are an error. */
    public static SetupRole parse(String text) throws SdpParseException {
        for (SetupRole role : values()) {
            if (role.token.equals(text)) {
                return role;
            }
        }
        throw new SdpParseException("unknown setup role \"" + text + "\"");
    }

    @Override
    public String sdpName() {
        return "setup";
    }

    @Override
    public String sdpValue() {
        return token;
    }
}
