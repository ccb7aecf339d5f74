package io.prochat.rtc.sfu.sdp;

/**
 * {@code a=rtcp-fb:<payload type or *> <type> [<parameter>]} (RFC 4585 §4.2), e.g.
 * {@code a=rtcp-fb:96 nack pli}, {@code a=rtcp-fb:96 ccm fir}, {@code a=rtcp-fb:111 transport-cc}.
 *
 * @param payloadType 0..127, or {@link #ANY_PAYLOAD} for {@code *}
 * @param type        e.g. {@code nack}, {@code ccm}, {@code goog-remb}, {@code transport-cc}
 * @param parameter   the rest of the line (e.g. {@code pli}, {@code fir}), or null
 */
public record RtcpFb(int payloadType, String type, String parameter) implements SdpAttribute {
    /** Stands for {@code *}: the feedback applies to every payload type of the m-line. */
    public static final int ANY_PAYLOAD = -1;

    public RtcpFb {
        Tokens.checkRange(payloadType, ANY_PAYLOAD, 127, "payload type");
        if (!Tokens.isToken(type)) {
            throw new IllegalArgumentException("bad rtcp-fb type: \"" + type + "\"");
        }
        if (parameter != null && (parameter.isEmpty() || parameter.startsWith(" ") || parameter.endsWith(" "))) {
            throw new IllegalArgumentException("bad rtcp-fb parameter: \"" + parameter + "\"");
        }
        if (parameter != null) {
            Tokens.checkText(parameter, "rtcp-fb parameter");
        }
    }

    /** Parses the value after {@code a=rtcp-fb:}. */
    public static RtcpFb parse(String value) throws SdpParseException {
        int first = value.indexOf(' ');
        if (first < 0) {
            throw new SdpParseException("rtcp-fb needs \"<pt> <type>\"");
        }
        String pt = value.substring(0, first);
        int payloadType = "*".equals(pt) ? ANY_PAYLOAD : Tokens.payloadType(pt);
        String rest = value.substring(first + 1);
        int second = rest.indexOf(' ');
        String type = Tokens.requireToken(second < 0 ? rest : rest.substring(0, second), "rtcp-fb type");
        String parameter = second < 0 ? null : rest.substring(second + 1);
        if (parameter != null && (parameter.isEmpty() || parameter.startsWith(" ") || parameter.endsWith(" "))) {
            throw new SdpParseException("stray space in rtcp-fb");
        }
        return new RtcpFb(payloadType, type, parameter);
    }

    /** True when this feedback applies to {@code pt} (its own payload type or {@code *}). */
    public boolean appliesTo(int pt) {
        return payloadType == ANY_PAYLOAD || payloadType == pt;
    }

    @Override
    public String sdpName() {
        return "rtcp-fb";
    }

    @Override
    public String sdpValue() {
        String pt = payloadType == ANY_PAYLOAD ? "*" : Integer.toString(payloadType);
        return parameter == null ? pt + " " + type : pt + " " + type + " " + parameter;
    }
}
