package io.prochat.rtc.sfu.sdp;

/** A field kept verbatim: {@code i=}, {@code u=}, {@code e=}, {@code p=}, {@code r=}, {@code z=}, {@code k=}. */
public record GenericField(char letter, String value) implements SdpField {
    public GenericField {
        if (letter < 'a' || letter > 'z') {
            throw new IllegalArgumentException("bad field letter: '" + letter + "'");
        }
        Tokens.checkText(value, "field value");
    }

    @Override
    public String fieldValue() {
        return value;
    }
}
