package io.prochat.rtc.sfu.sdp;

/**
 * {@code a=extmap:<id>[/<direction>] <uri> [<extension attributes>]} (RFC 8285 §8), e.g.
 * {@code a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01} or
 * Firefox's {@code a=extmap:2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level}.
 *
 * <p>Under BUNDLE one id means one URI across all m-lines, and browsers may renumber on re-offer:
 * look extensions up by URI, never by a hard-coded id.
 *
 * @param id         1..14 fits the one-byte header, 1..255 the two-byte one; 4096..4351 are the
 *                   offer-only values RFC 8285 §7 allows
 * @param direction  the optional direction, or null
 * @param uri        the extension's URI
 * @param attributes extension attributes after the URI, or null
 */
public record Extmap(int id, Direction direction, String uri, String attributes) implements SdpAttribute {
    /** RFC 6464 client-to-mixer audio level. */
    public static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    /** Absolute send time, used by REMB-style bandwidth estimation. */
    public static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    /** Transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01). */
    public static final String TRANSPORT_CC =
            "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    /** RFC 9143 BUNDLE mid. */
    public static final String SDES_MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    /** RFC 8852 RtpStreamId (simulcast rid). */
    public static final String SDES_RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    /** RFC 8852 RepairedRtpStreamId (rid of the stream an RTX stream repairs). */
    public static final String SDES_REPAIRED_RTP_STREAM_ID =
            "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    public Extmap {
        if (!validId(id)) {
            throw new IllegalArgumentException("extmap id " + id + " out of range");
        }
        Tokens.checkWord(uri, "extmap URI");
        if (attributes != null) {
            Tokens.checkText(attributes, "extmap attributes");
            if (attributes.isEmpty() || attributes.startsWith(" ")) {
                throw new IllegalArgumentException("bad extmap attributes: \"" + attributes + "\"");
            }
        }
    }

    public Extmap(int id, String uri) {
        this(id, null, uri, null);
    }

    /** Parses the value after {@code a=extmap:}. */
    public static Extmap parse(String value) throws SdpParseException {
        int space = value.indexOf(' ');
        if (space < 0) {
            throw new SdpParseException("extmap needs \"<id> <uri>\"");
        }
        String idPart = value.substring(0, space);
        Direction direction = null;
        int slash = idPart.indexOf('/');
        if (slash >= 0) {
            direction = Direction.parse(idPart.substring(slash + 1));
            idPart = idPart.substring(0, slash);
        }
        int id = Tokens.parseInt(idPart, 1, 4351, "extmap id");
        if (!validId(id)) {
            throw new SdpParseException("extmap id " + id + " out of range");
        }
        String rest = value.substring(space + 1);
        int next = rest.indexOf(' ');
        String uri = Tokens.requireWord(next < 0 ? rest : rest.substring(0, next), "extmap URI");
        String attributes = next < 0 ? null : rest.substring(next + 1);
        if (attributes != null && (attributes.isEmpty() || attributes.startsWith(" "))) {
            throw new SdpParseException("stray space in extmap");
        }
        return new Extmap(id, direction, uri, attributes);
    }

    private static boolean validId(int id) {
        return (id >= 1 && id <= 255) || (id >= 4096 && id <= 4351);
    }

    @Override
    public String sdpName() {
        return "extmap";
    }

    @Override
    public String sdpValue() {
        String head = direction == null ? Integer.toString(id) : id + "/" + direction.sdpName();
        return attributes == null ? head + " " + uri : head + " " + uri + " " + attributes;
    }
}
