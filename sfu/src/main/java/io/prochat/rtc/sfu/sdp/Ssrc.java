package io.prochat.rtc.sfu.sdp;

/**
 * {@code a=ssrc:<ssrc> <attribute>[:<value>]} (RFC 5576 §4.1), e.g. {@code a=ssrc:3735928559 cname:x}
 * or Chrome's {@code a=ssrc:3735928559 msid:stream track}.
 *
 * @param ssrc      0..2^32-1
 * @param attribute the source attribute name, e.g. {@code cname}, {@code msid}
 * @param value     the text after the colon (may contain spaces), or null
 */
public record Ssrc(long ssrc, String attribute, String value) implements SdpAttribute {
    public Ssrc {
        Tokens.checkRange(ssrc, 0, 0xFFFF_FFFFL, "ssrc");
        if (!Tokens.isToken(attribute) || attribute.indexOf(':') >= 0) {
            throw new IllegalArgumentException("bad ssrc attribute: \"" + attribute + "\"");
        }
        if (value != null) {
            Tokens.checkText(value, "ssrc attribute value");
        }
    }

    /** Parses the value after {@code a=ssrc:}. */
    public static Ssrc parse(String text) throws SdpParseException {
        int space = text.indexOf(' ');
        if (space < 0) {
            throw new SdpParseException("ssrc needs \"<ssrc> <attribute>\"");
        }
        long ssrc = Tokens.parseLong(text.substring(0, space), 0, 0xFFFF_FFFFL, "ssrc");
        String rest = text.substring(space + 1);
        int colon = rest.indexOf(':');
        String name = colon < 0 ? rest : rest.substring(0, colon);
        if (!Tokens.isToken(name)) {
            throw new SdpParseException("bad ssrc attribute \"" + name + "\"");
        }
        return new Ssrc(ssrc, name, colon < 0 ? null : rest.substring(colon + 1));
    }

    @Override
    public String sdpName() {
        return "ssrc";
    }

    @Override
    public String sdpValue() {
        return value == null ? ssrc + " " + attribute : ssrc + " " + attribute + ":" + value;
    }
}
