package io.prochat.rtc.sfu.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the session part and each media part of a description share: fields and attributes in
 * input order, and typed look-ups over them. Look-ups here see only this section; the
 * session-level fallbacks RFC 8866 allows (fingerprint, ice-ufrag/pwd, setup, direction) are on
 * {@link SessionDescription}.
 */
public sealed interface SdpSection permits SessionDescription, MediaDescription {

    /** Non-attribute lines after the section's first line(s), in order. */
    List<SdpField> fields();

    /** The {@code a=} lines in order. */
    List<SdpAttribute> attributes();

    /** All attributes of one typed kind, e.g. {@code attributes(Rtpmap.class)}. */
    default <T extends SdpAttribute> List<T> attributes(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (SdpAttribute a : attributes()) {
            if (type.isInstance(a)) {
                out.add(type.cast(a));
            }
        }
        return List.copyOf(out);
    }

    /** The first attribute of one typed kind. */
    default <T extends SdpAttribute> Optional<T> attribute(Class<T> type) {
        for (SdpAttribute a : attributes()) {
            if (type.isInstance(a)) {
                return Optional.of(type.cast(a));
            }
        }
        return Optional.empty();
    }

    /** All attributes with this name, typed or not, e.g. {@code attributes("ice-options")}. */
    default List<SdpAttribute> attributes(String name) {
        List<SdpAttribute> out = new ArrayList<>();
        for (SdpAttribute a : attributes()) {
            if (a.sdpName().equals(name)) {
                out.add(a);
            }
        }
        return List.copyOf(out);
    }

    /** True when an attribute with this name is present, e.g. {@code hasAttribute("rtcp-mux")}. */
    default boolean hasAttribute(String name) {
        for (SdpAttribute a : attributes()) {
            if (a.sdpName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The value of the first attribute with this name; empty when absent or a property attribute. */
    default Optional<String> attributeValue(String name) {
        for (SdpAttribute a : attributes()) {
            if (a.sdpName().equals(name)) {
                return Optional.ofNullable(a.sdpValue());
            }
        }
        return Optional.empty();
    }

    default Optional<Connection> connection() {
        for (SdpField f : fields()) {
            if (f instanceof Connection c) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    default List<Bandwidth> bandwidths() {
        List<Bandwidth> out = new ArrayList<>();
        for (SdpField f : fields()) {
            if (f instanceof Bandwidth b) {
                out.add(b);
            }
        }
        return List.copyOf(out);
    }

    default Optional<String> iceUfrag() {
        return attribute(IceUfrag.class).map(IceUfrag::value);
    }

    default Optional<String> icePwd() {
        return attribute(IcePwd.class).map(IcePwd::value);
    }

    /** ice-options tokens, e.g. {@code trickle}, {@code renomination}. */
    default List<String> iceOptions() {
        List<String> out = new ArrayList<>();
        for (SdpAttribute a : attributes("ice-options")) {
            if (a.sdpValue() != null) {
                for (String token : a.sdpValue().trim().split(" +")) {
                    if (!token.isEmpty()) {
                        out.add(token);
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    default List<Fingerprint> fingerprints() {
        return attributes(Fingerprint.class);
    }

    default Optional<SetupRole> setup() {
        return attribute(SetupRole.class);
    }

    default Optional<Direction> direction() {
        return attribute(Direction.class);
    }

    default List<Candidate> candidates() {
        return attributes(Candidate.class);
    }
}
