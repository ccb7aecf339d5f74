package io.prochat.rtc.sfu.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code a=fmtp:<payload type> <format parameters>} (RFC 8866 §6.15). The parameter text is kept
 * as written (for example RED's {@code 111/111} is not key=value); {@link #parameterMap()} reads the
 * common {@code key=value;key=value} form.
 *
 * @param payloadType 0..127
 * @param parameters  the format-specific text, or "" when the line has only a payload type
 */
public record Fmtp(int payloadType, String parameters) implements SdpAttribute {
    public Fmtp {
        Tokens.checkRange(payloadType, 0, 127, "payload type");
        Tokens.checkText(parameters, "fmtp parameters");
    }

    /** Builds {@code key=value;key=value} in the map's order (a null value writes just the key). */
    public static Fmtp of(int payloadType, Map<String, String> parameters) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            if (text.length() > 0) {
                text.append(';');
            }
            text.append(e.getKey());
            if (e.getValue() != null) {
                text.append('=').append(e.getValue());
            }
        }
        return new Fmtp(payloadType, text.toString());
    }

    /** Parses the value after {@code a=fmtp:}, e.g. {@code 111 minptime=10;useinbandfec=1}. */
    public static Fmtp parse(String value) throws SdpParseException {
        int space = value.indexOf(' ');
        String pt = space < 0 ? value : value.substring(0, space);
        String params = space < 0 ? "" : value.substring(space + 1);
        if (space >= 0 && params.isEmpty()) {
            throw new SdpParseException("fmtp has a space but no parameters");
        }
        return new Fmtp(Tokens.payloadType(pt), params);
    }

    /** Parameters split on ';' and '=', keys lower-cased (they are case-insensitive), in order. */
    public Map<String, String> parameterMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String item : parameters.split(";")) {
            String entry = item.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String key = (eq < 0 ? entry : entry.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            map.putIfAbsent(key, eq < 0 ? "" : entry.substring(eq + 1).trim());
        }
        return Collections.unmodifiableMap(map);
    }

    /** One parameter by case-insensitive key. */
    public Optional<String> parameter(String key) {
        return Optional.ofNullable(parameterMap().get(key.toLowerCase(Locale.ROOT)));
    }

    /** The {@code apt} of an RTX (RFC 4588 §8.6) or FEC format: the payload type it repairs. */
    public OptionalInt apt() {
        Optional<String> apt = parameter("apt");
        if (apt.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Tokens.payloadType(apt.get()));
        } catch (SdpParseException e) {
            return OptionalInt.empty();
        }
    }

    @Override
    public String sdpName() {
        return "fmtp";
    }

    @Override
    public String sdpValue() {
        return parameters.isEmpty() ? Integer.toString(payloadType) : payloadType + " " + parameters;
    }
}
