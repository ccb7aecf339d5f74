package io.prochat.rtc.sfu.sdp;

/**
 * {@code b=<type>:<value>} (RFC 8866 §5.8): {@code AS} and {@code CT} in kbit/s, {@code TIAS}
 * (RFC 3890) in bit/s.
 */
public record Bandwidth(String type, long value) implements SdpField {
    public Bandwidth {
        if (!Tokens.isToken(type) || type.indexOf(':') >= 0) {
            throw new IllegalArgumentException("bad bandwidth type: \"" + type + "\"");
        }
        Tokens.checkRange(value, 0, Long.MAX_VALUE, "bandwidth");
    }

    static Bandwidth parse(String text) throws SdpParseException {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new SdpParseException("b= needs \"<type>:<value>\"");
        }
        String type = Tokens.requireToken(text.substring(0, colon), "bandwidth type");
        return new Bandwidth(type, Tokens.parseLong(text.substring(colon + 1), 0, Long.MAX_VALUE, "bandwidth"));
    }

    @Override
    public char letter() {
        return 'b';
    }

    @Override
    public String fieldValue() {
        return type + ":" + value;
    }
}
