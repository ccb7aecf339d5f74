package io.prochat.rtc.sfu.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One media section: {@code m=<media> <port>[/<count>] <proto> <fmt>...} (RFC 8866 §5.14) with its
 * fields and attributes. In Unified Plan (RFC 8829) each m-line is one transceiver, named by its
 * {@link #mid()}.
 *
 * <pre>{@code
 * MediaDescription audio = MediaDescription.builder("audio", 9, "UDP/TLS/RTP/SAVPF")
 *         .payloadType(111)
 *         .connection(Connection.DUMMY)
 *         .attribute(new Mid("0"))
 *         .attribute(Direction.RECVONLY)
 *         .attribute(new Rtpmap(111, "opus", 48000, 2))
 *         .flag("rtcp-mux")
 *         .build();
 * }</pre>
 *
 * @param media     {@code audio}, {@code video}, {@code application}, ...
 * @param port      0 marks a rejected m-line; browsers write 9 (discard) under ICE
 * @param portCount the {@code /<count>} suffix, or 0 when absent
 * @param protocol  e.g. {@code UDP/TLS/RTP/SAVPF} or {@code UDP/DTLS/SCTP}
 * @param formats   payload type numbers for RTP protocols, else e.g. {@code webrtc-datachannel}
 */
public record MediaDescription(String media, int port, int portCount, String protocol, List<String> formats,
                               List<SdpField> fields, List<SdpAttribute> attributes) implements SdpSection {
    public MediaDescription {
        if (!Tokens.isToken(media)) {
            throw new IllegalArgumentException("bad media: \"" + media + "\"");
        }
        Tokens.checkRange(port, 0, 65535, "port");
        Tokens.checkRange(portCount, 0, 65535, "port count");
        Tokens.checkWord(protocol, "protocol");
        formats = List.copyOf(formats);
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("an m-line needs at least one format");
        }
        for (String format : formats) {
            Tokens.checkWord(format, "format");
            if (isRtpProtocol(protocol) && !isPayloadType(format)) {
                throw new IllegalArgumentException("bad payload type: \"" + format + "\"");
            }
        }
        fields = List.copyOf(fields);
        attributes = List.copyOf(attributes);
    }

    public static Builder builder(String media, int port, String protocol) {
        return new Builder(media, port, protocol);
    }

    public Builder toBuilder() {
        Builder b = new Builder(media, port, protocol).portCount(portCount);
        b.formats.addAll(formats);
        b.fields.addAll(fields);
        b.attributes.addAll(attributes);
        return b;
    }

    /** True for the RTP/AVP family (SAVPF, AVPF, SAVP, AVP, over any transport). */
    public boolean isRtp() {
        return isRtpProtocol(protocol);
    }

    /**
     * Port 0: the answerer rejected (or the offerer stopped) this m-line; but not with {@code a=bundle-only}, which
     * offers a section only inside the BUNDLE group with port 0 (RFC 8843 §7.2.1; Firefox's max-bundle offers).
     */
    public boolean isRejected() {
        return port == 0 && !hasAttribute("bundle-only");
    }

    public Optional<String> mid() {
        return attribute(Mid.class).map(Mid::id);
    }

    public Optional<Msid> msid() {
        return attribute(Msid.class);
    }

    public boolean rtcpMux() {
        return hasAttribute("rtcp-mux");
    }

    /** The m-line's payload types in preference order; empty for non-RTP protocols. */
    public List<Integer> payloadTypes() {
        if (!isRtp()) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>(formats.size());
        for (String format : formats) {
            out.add(Integer.parseInt(format));
        }
        return List.copyOf(out);
    }

    public List<Rtpmap> rtpmaps() {
        return attributes(Rtpmap.class);
    }

    public Optional<Rtpmap> rtpmap(int payloadType) {
        for (Rtpmap r : rtpmaps()) {
            if (r.payloadType() == payloadType) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    public Optional<Fmtp> fmtp(int payloadType) {
        for (Fmtp f : attributes(Fmtp.class)) {
            if (f.payloadType() == payloadType) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** rtcp-fb lines that apply to this payload type, {@code *} lines included. */
    public List<RtcpFb> rtcpFeedback(int payloadType) {
        List<RtcpFb> out = new ArrayList<>();
        for (RtcpFb fb : attributes(RtcpFb.class)) {
            if (fb.appliesTo(payloadType)) {
                out.add(fb);
            }
        }
        return List.copyOf(out);
    }

    /** Each payload type of the m-line with its rtpmap, fmtp and feedback, in m-line order. */
    public List<Codec> codecs() {
        List<Codec> out = new ArrayList<>();
        for (int pt : payloadTypes()) {
            out.add(new Codec(pt, rtpmap(pt).orElse(null), fmtp(pt).orElse(null), rtcpFeedback(pt)));
        }
        return List.copyOf(out);
    }

    public List<Extmap> extmaps() {
        return attributes(Extmap.class);
    }

    /** The extmap for a URI, e.g. {@code extmap(Extmap.TRANSPORT_CC)}. */
    public Optional<Extmap> extmap(String uri) {
        for (Extmap e : extmaps()) {
            if (e.uri().equals(uri)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    public List<Ssrc> ssrcs() {
        return attributes(Ssrc.class);
    }

    public List<SsrcGroup> ssrcGroups() {
        return attributes(SsrcGroup.class);
    }

    public List<Rid> rids() {
        return attributes(Rid.class);
    }

    public Optional<Simulcast> simulcast() {
        return attribute(Simulcast.class);
    }

    public OptionalInt sctpPort() {
        return attribute(SctpPort.class).map(p -> OptionalInt.of(p.port())).orElse(OptionalInt.empty());
    }

    public OptionalLong maxMessageSize() {
        return attribute(MaxMessageSize.class).map(m -> OptionalLong.of(m.bytes())).orElse(OptionalLong.empty());
    }

    /** The {@code m=} line without CRLF. */
    public String mediaLine() {
        StringBuilder text = new StringBuilder("m=").append(media).append(' ').append(port);
        if (portCount > 0) {
            text.append('/').append(portCount);
        }
        text.append(' ').append(protocol);
        for (String format : formats) {
            text.append(' ').append(format);
        }
        return text.toString();
    }

    /** This section as SDP text, every line ending in CRLF. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(1024);
        writeTo(text);
        return text.toString();
    }

    void writeTo(StringBuilder text) {
        text.append(mediaLine()).append("\r\n");
        for (SdpField f : fields) {
            text.append(f.line()).append("\r\n");
        }
        for (SdpAttribute a : attributes) {
            text.append(a.line()).append("\r\n");
        }
    }

    static boolean isRtpProtocol(String protocol) {
        return protocol.toUpperCase(Locale.ROOT).contains("RTP/");
    }

    static boolean isPayloadType(String format) {
        if (format.isEmpty() || format.length() > 3) {
            return false;
        }
        for (int i = 0; i < format.length(); i++) {
            if (format.charAt(i) < '0' || format.charAt(i) > '9') {
                return false;
            }
        }
        return Integer.parseInt(format) <= 127;
    }

    /** Collects the parts of a media section; {@link #build()} validates them. */
    public static final class Builder {
        private final String media;
        private final int port;
        private final String protocol;
        private int portCount;
        private final List<String> formats = new ArrayList<>();
        private final List<SdpField> fields = new ArrayList<>();
        private final List<SdpAttribute> attributes = new ArrayList<>();

        private Builder(String media, int port, String protocol) {
            this.media = media;
            this.port = port;
            this.protocol = protocol;
        }

        public Builder portCount(int count) {
            this.portCount = count;
            return this;
        }

        public Builder format(String format) {
            formats.add(format);
            return this;
        }

        public Builder payloadType(int payloadType) {
            formats.add(Integer.toString(payloadType));
            return this;
        }

        public Builder formats(List<String> all) {
            formats.clear();
            formats.addAll(all);
            return this;
        }

        public Builder field(SdpField field) {
            fields.add(field);
            return this;
        }

        public Builder connection(Connection connection) {
            return field(connection);
        }

        public Builder attribute(SdpAttribute attribute) {
            attributes.add(attribute);
            return this;
        }

        /** An untyped attribute; prefer the typed records for names this package knows. */
        public Builder attribute(String name, String value) {
            return attribute(new GenericAttribute(name, value));
        }

        /** A property attribute such as {@code rtcp-mux}. */
        public Builder flag(String name) {
            return attribute(new GenericAttribute(name, null));
        }

        /** Appends attributes in order. */
        public Builder addAttributes(List<? extends SdpAttribute> all) {
            attributes.addAll(all);
            return this;
        }

        public MediaDescription build() {
            return new MediaDescription(media, port, portCount, protocol, formats, fields, attributes);
        }
    }
}
