package io.prochat.rtc.sfu.sdp;

/**
 * {@code a=mid:<identification tag>} (RFC 5888 §4, RFC 9143 BUNDLE): names an m-line, and is what
 * the sdes:mid header extension carries so bundled RTP can be routed to it.
 */
public record Mid(String id) implements SdpAttribute {
    public Mid {
        if (!Tokens.isToken(id)) {
            throw new IllegalArgumentException("bad mid: \"" + id + "\"");
        }
    }

    /** Parses the value after {@code a=mid:}. */
    public static Mid parse(String value) throws SdpParseException {
        return new Mid(Tokens.requireToken(value, "mid"));
    }

    @Override
    public String sdpName() {
        return "mid";
    }

    @Override
    public String sdpValue() {
        return id;
    }
}
