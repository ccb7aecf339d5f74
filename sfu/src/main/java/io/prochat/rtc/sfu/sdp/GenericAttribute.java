package io.prochat.rtc.sfu.sdp;

/**
 * An attribute this package does not type (e.g. {@code a=rtcp-mux}, {@code a=ice-options:trickle},
 * {@code a=msid-semantic: WMS}), kept verbatim so the description round-trips.
 *
 * @param sdpName  the attribute name
 * @param sdpValue the text after the colon (kept exactly, leading spaces included), or null for a
 *                 property attribute
 */
public record GenericAttribute(String sdpName, String sdpValue) implements SdpAttribute {
    public GenericAttribute {
        if (!Tokens.isToken(sdpName)) {
            throw new IllegalArgumentException("bad attribute name: \"" + sdpName + "\"");
        }
        if (sdpValue != null) {
            Tokens.checkText(sdpValue, "attribute value");
        }
    }

    /** A property attribute such as {@code a=rtcp-mux}. */
    public static GenericAttribute flag(String name) {
        return new GenericAttribute(name, null);
    }
}
