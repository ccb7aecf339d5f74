package io.prochat.rtc.sfu.sdp;

/**
 * One {@code a=} line (RFC 8866 §5.13). Attributes this package understands are typed; every other
 * attribute is kept as a {@link GenericAttribute} so that a description writes back exactly as it
 * was read.
 *
 * <p>The line is {@code a=<sdpName>} when {@link #sdpValue()} is null (a property attribute such as
 * {@code a=rtcp-mux}), otherwise {@code a=<sdpName>:<sdpValue>}.
 */
public sealed interface SdpAttribute
        permits GenericAttribute, Rtpmap, Fmtp, RtcpFb, Extmap, Fingerprint, Ssrc, SsrcGroup, Rid, Simulcast,
        Candidate, SetupRole, Direction, Mid, Msid, IceUfrag, IcePwd, Group, SctpPort, MaxMessageSize {

    /** The attribute name, e.g. {@code rtpmap}. */
    String sdpName();

    /** The text after the colon, or null for a property attribute. */
    String sdpValue();

    /** The whole line without its CRLF, e.g. {@code a=mid:0}. */
    default String line() {
        String value = sdpValue();
        return value == null ? "a=" + sdpName() : "a=" + sdpName() + ":" + value;
    }

    /**
     * Parses one attribute given its name and value (value null when there was no colon). Names this
     * package types are checked against their grammar; any other name becomes a {@link GenericAttribute}.
     */
    static SdpAttribute parse(String name, String value) throws SdpParseException {
        return AttributeParser.parse(name, value);
    }

    /** Parses the text of an {@code a=} line, with or without the leading {@code a=}. */
    static SdpAttribute parse(String line) throws SdpParseException {
        String text = line.startsWith("a=") ? line.substring(2) : line;
        int colon = text.indexOf(':');
        return colon < 0 ? parse(text, null) : parse(text.substring(0, colon), text.substring(colon + 1));
    }
}
