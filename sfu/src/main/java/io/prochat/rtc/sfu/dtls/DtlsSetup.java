package io.prochat.rtc.sfu.dtls;

import java.util.Locale;

/** The SDP {@code a=setup} attribute (RFC 4145 §4, RFC 5763 §5). */
public enum DtlsSetup {
    ACTPASS,
    ACTIVE,
    PASSIVE;

    public static DtlsSetup parse(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "actpass":
                return ACTPASS;
            case "active":
                return ACTIVE;
            case "passive":
                return PASSIVE;
            default:
                throw new IllegalArgumentException("unknown a=setup value: " + value);
        }
    }

    public String sdpValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Our role when we answer an offer that carried this setup value. An {@code actpass} offer leaves the choice
     * to us: {@code preferred} decides (SERVER means we answer passive and choose the SRTP profile ourselves).
     */
    public DtlsRole answererRole(DtlsRole preferred) {
        switch (this) {
            case ACTIVE:
                return DtlsRole.SERVER;
            case PASSIVE:
                return DtlsRole.CLIENT;
            default:
                return preferred;
        }
    }

    /** Our role when we offered {@code actpass} and the answer carried this value. */
    public DtlsRole offererRole() {
        switch (this) {
            case ACTIVE:
                return DtlsRole.SERVER;
            case PASSIVE:
                return DtlsRole.CLIENT;
            default:
                throw new IllegalArgumentException("an answer must not say actpass");
        }
    }
}
