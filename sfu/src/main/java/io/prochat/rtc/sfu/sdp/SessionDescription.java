package io.prochat.rtc.sfu.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parsed SDP session description (RFC 8866) as browsers exchange it under JSEP (RFC 8829):
 * Unified Plan, one m-line per transceiver, BUNDLE, rtcp-mux.
 *
 * <p>Immutable. {@link #parse(String)} keeps every line, typed or not, in order, and
 * {@link #toString()} writes CRLF-terminated SDP, so a browser's description read and written back
 * is byte-identical whenever it used CRLF and single spaces (browsers do).
 *
 * <pre>{@code
 * SessionDescription offer = SessionDescription.parse(sdpFromBrowser);
 * MediaDescription first = offer.media().get(0);
 * String ufrag = offer.iceUfrag(first).orElseThrow();
 * List<Fingerprint> fingerprints = offer.fingerprints(first);
 * }</pre>
 *
 * <p>Errors: {@link #parse(String)} throws {@link SdpParseException} naming the offending line, and
 * nothing else, whatever the input. Constructors and builders throw IllegalArgumentException on
 * values that could not be written as valid SDP.
 *
 * @param origin      the {@code o=} line
 * @param sessionName the {@code s=} text (browsers write {@code -})
 * @param fields      session-level {@code i= u= e= p= c= b= t= r= z= k=} lines in order
 * @param attributes  session-level {@code a=} lines in order
 * @param media       the media sections in order
 */
public record SessionDescription(Origin origin, String sessionName, List<SdpField> fields,
                                 List<SdpAttribute> attributes, List<MediaDescription> media) implements SdpSection {
    public SessionDescription {
        if (origin == null) {
            throw new IllegalArgumentException("a description needs an origin");
        }
        Tokens.checkText(sessionName, "session name");
        fields = List.copyOf(fields);
        attributes = List.copyOf(attributes);
        media = List.copyOf(media);
    }

    /** Parses SDP text (CRLF or LF line ends); see the class comment for the error contract. */
    public static SessionDescription parse(String sdp) throws SdpParseException {
        return SdpParser.parse(sdp);
    }

    /** A builder with {@code s=-} and {@code t=0 0} already in place; set the origin. */
    public static Builder builder() {
        return new Builder().sessionName("-").field(Timing.UNBOUNDED);
    }

    public Builder toBuilder() {
        Builder b = new Builder().origin(origin).sessionName(sessionName);
        b.fields.addAll(fields);
        b.attributes.addAll(attributes);
        b.media.addAll(media);
        return b;
    }

    public Optional<Timing> timing() {
        for (SdpField f : fields) {
            if (f instanceof Timing t) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public List<Group> groups() {
        return attributes(Group.class);
    }

    /** The BUNDLE group, if any (RFC 9143). */
    public Optional<Group> bundleGroup() {
        for (Group g : groups()) {
            if (g.isBundle()) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }

    /** The media section with this mid. */
    public Optional<MediaDescription> media(String mid) {
        for (MediaDescription m : media) {
            if (m.mid().filter(mid::equals).isPresent()) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** ice-ufrag of an m-line, falling back to the session level (RFC 8839 §5.4). */
    public Optional<String> iceUfrag(MediaDescription m) {
        return m.iceUfrag().or(this::iceUfrag);
    }

    /** ice-pwd of an m-line, falling back to the session level. */
    public Optional<String> icePwd(MediaDescription m) {
        return m.icePwd().or(this::icePwd);
    }

    /** Fingerprints of an m-line, or the session-level ones when it has none (RFC 8122 §5). */
    public List<Fingerprint> fingerprints(MediaDescription m) {
        List<Fingerprint> own = m.fingerprints();
        return own.isEmpty() ? fingerprints() : own;
    }

    /** setup of an m-line, falling back to the session level (RFC 4145 §4). */
    public Optional<SetupRole> setup(MediaDescription m) {
        return m.setup().or(this::setup);
    }

    /** Direction of an m-line: its own, else the session's, else sendrecv (RFC 8866 §6.7). */
    public Direction direction(MediaDescription m) {
        return m.direction().or(this::direction).orElse(Direction.SENDRECV);
    }

    /** The whole description as SDP text with CRLF line ends. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(4096);
        text.append("v=0\r\n");
        text.append("o=").append(origin.fieldValue()).append("\r\n");
        text.append("s=").append(sessionName).append("\r\n");
        for (SdpField f : fields) {
            text.append(f.line()).append("\r\n");
        }
        for (SdpAttribute a : attributes) {
            text.append(a.line()).append("\r\n");
        }
        for (MediaDescription m : media) {
            m.writeTo(text);
        }
        return text.toString();
    }

    /** Collects the parts of a description; {@link #build()} validates them. */
    public static final class Builder {
        private Origin origin;
        private String sessionName;
        private final List<SdpField> fields = new ArrayList<>();
        private final List<SdpAttribute> attributes = new ArrayList<>();
        private final List<MediaDescription> media = new ArrayList<>();

        private Builder() {
        }

        public Builder origin(Origin value) {
            this.origin = value;
            return this;
        }

        public Builder sessionName(String value) {
            this.sessionName = value;
            return this;
        }

        /** Appends a session-level field (c=, b=, t=, ...). */
        public Builder field(SdpField field) {
            fields.add(field);
            return this;
        }

        /** Replaces all session-level fields. */
        public Builder fields(List<? extends SdpField> all) {
            fields.clear();
            fields.addAll(all);
            return this;
        }

        public Builder attribute(SdpAttribute attribute) {
            attributes.add(attribute);
            return this;
        }

        /** An untyped attribute; prefer the typed records for names this package knows. */
        public Builder attribute(String name, String value) {
            return attribute(new GenericAttribute(name, value));
        }

        /** A property attribute such as {@code extmap-allow-mixed}. */
        public Builder flag(String name) {
            return attribute(new GenericAttribute(name, null));
        }

        public Builder media(MediaDescription section) {
            media.add(section);
            return this;
        }

        /** Replaces all media sections. */
        public Builder media(List<MediaDescription> all) {
            media.clear();
            media.addAll(all);
            return this;
        }

        public SessionDescription build() {
            return new SessionDescription(origin, sessionName, fields, attributes, media);
        }
    }
}
