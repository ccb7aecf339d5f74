package io.prochat.rtc.sfu.sdp;

import java.util.List;

/**
 * {@code a=rtpmap:<payload type> <encoding name>/<clock rate>[/<channels>]} (RFC 8866 §6.6).
 *
 * @param payloadType  0..127
 * @param encodingName e.g. {@code opus}, {@code VP8}, {@code rtx} (case kept as written)
 * @param clockRate    in Hz, e.g. 48000 or 90000
 * @param channels     the encoding parameter (audio channels), or 0 when the line has none
 */
public record Rtpmap(int payloadType, String encodingName, int clockRate, int channels) implements SdpAttribute {
    public Rtpmap {
        Tokens.checkRange(payloadType, 0, 127, "payload type");
        if (!Tokens.isToken(encodingName) || encodingName.indexOf('/') >= 0) {
            throw new IllegalArgumentException("bad encoding name: \"" + encodingName + "\"");
        }
        Tokens.checkRange(clockRate, 1, Integer.MAX_VALUE, "clock rate");
        Tokens.checkRange(channels, 0, 255, "channels");
    }

    public Rtpmap(int payloadType, String encodingName, int clockRate) {
        this(payloadType, encodingName, clockRate, 0);
    }

    /** Parses the value after {@code a=rtpmap:}, e.g. {@code 111 opus/48000/2}. */
    public static Rtpmap parse(String value) throws SdpParseException {
        List<String> parts = Tokens.split(value, "rtpmap");
        if (parts.size() != 2) {
            throw new SdpParseException("rtpmap needs \"<pt> <name>/<rate>[/<channels>]\"");
        }
        int pt = Tokens.payloadType(parts.get(0));
        String[] encoding = parts.get(1).split("/", -1);
        if (encoding.length < 2 || encoding.length > 3) {
            throw new SdpParseException("bad rtpmap encoding \"" + parts.get(1) + "\"");
        }
        String name = Tokens.requireToken(encoding[0], "encoding name");
        int rate = Tokens.parseInt(encoding[1], 1, Integer.MAX_VALUE, "clock rate");
        int channels = encoding.length == 3 ? Tokens.parseInt(encoding[2], 1, 255, "channel count") : 0;
        return new Rtpmap(pt, name, rate, channels);
    }

    /** Channel count with the RFC default of 1 when the line has none. */
    public int channelCount() {
        return channels == 0 ? 1 : channels;
    }

    /** Encoding names are case-insensitive (RFC 4855 §3). */
    public boolean isEncoding(String name) {
        return encodingName.equalsIgnoreCase(name);
    }

    @Override
    public String sdpName() {
        return "rtpmap";
    }

    @Override
    public String sdpValue() {
        String base = payloadType + " " + encodingName + "/" + clockRate;
        return channels == 0 ? base : base + "/" + channels;
    }
}
