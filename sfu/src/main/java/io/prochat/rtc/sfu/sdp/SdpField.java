package io.prochat.rtc.sfu.sdp;

/**
 * A non-attribute line of a section other than {@code v=}, {@code o=}, {@code s=} and {@code m=}
 * (RFC 8866 §5): {@code c=}, {@code b=} and {@code t=} are typed, the rarely used rest
 * ({@code i= u= e= p= r= z= k=}) is kept verbatim. Fields keep their input order.
 */
public sealed interface SdpField permits Connection, Bandwidth, Timing, GenericField {

    /** The type letter, e.g. {@code 'c'}. */
    char letter();

    /** The text after {@code <letter>=}. */
    String fieldValue();

    /** The whole line without its CRLF. */
    default String line() {
        return letter() + "=" + fieldValue();
    }
}
