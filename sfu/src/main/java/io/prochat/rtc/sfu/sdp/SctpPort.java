package io.prochat.rtc.sfu.sdp;

/** {@code a=sctp-port:<port>} (RFC 8841 §5): the SCTP port of the data channel association, usually 5000. */
public record SctpPort(int port) implements SdpAttribute {
    public SctpPort {
        Tokens.checkRange(port, 0, 65535, "sctp-port");
    }

    /** Parses the value after {@code a=sctp-port:}. */
    public static SctpPort parse(String value) throws SdpParseException {
        return new SctpPort(Tokens.parseInt(value, 0, 65535, "sctp-port"));
    }

    @Override
    public String sdpName() {
        return "sctp-port";
    }

    @Override
    public String sdpValue() {
        return Integer.toString(port);
    }
}
