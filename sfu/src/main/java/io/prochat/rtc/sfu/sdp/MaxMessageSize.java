package io.prochat.rtc.sfu.sdp;

/**
 * {@code a=max-message-size:<bytes>} (RFC 8841 §6): the largest SCTP user message the writer can
 * receive; 0 means no limit. Chrome offers 262144, Firefox 1073741823.
 */
public record MaxMessageSize(long bytes) implements SdpAttribute {
    public MaxMessageSize {
        Tokens.checkRange(bytes, 0, Long.MAX_VALUE, "max-message-size");
    }

    /** Parses the value after {@code a=max-message-size:}. */
    public static MaxMessageSize parse(String value) throws SdpParseException {
        return new MaxMessageSize(Tokens.parseLong(value, 0, Long.MAX_VALUE, "max-message-size"));
    }

    @Override
    public String sdpName() {
        return "max-message-size";
    }

    @Override
    public String sdpValue() {
        return Long.toString(bytes);
    }
}
