package io.prochat.rtc.sfu.sdp;

/**
 * {@code a=ice-pwd:<password>} (RFC 8839 §5.4): the key of the STUN MESSAGE-INTEGRITY of checks.
 * RFC 8839 asks for 22..256 ice-chars; the character set and the upper bound are enforced.
 * {@link #toString()} hides the value so it never reaches a log by accident.
 */
public record IcePwd(String value) implements SdpAttribute {
    public IcePwd {
        if (!Tokens.isIceChars(value) || value.length() > 256) {
            throw new IllegalArgumentException("bad ice-pwd");
        }
    }

    /** Parses the value after {@code a=ice-pwd:}. */
    public static IcePwd parse(String value) throws SdpParseException {
        if (!Tokens.isIceChars(value) || value.length() > 256) {
            throw new SdpParseException("bad ice-pwd");
        }
        return new IcePwd(value);
    }

    @Override
    public String sdpName() {
        return "ice-pwd";
    }

    @Override
    public String sdpValue() {
        return value;
    }

    @Override
    public String toString() {
        return "IcePwd[" + value.length() + " chars]";
    }
}
