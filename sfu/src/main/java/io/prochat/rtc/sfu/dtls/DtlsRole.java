package io.prochat.rtc.sfu.dtls;

/** Which end of the DTLS handshake we are. */
public enum DtlsRole {
    CLIENT,
    SERVER;

    /** The {@code a=setup} value that announces this role in an answer (RFC 5763 §5). */
    public DtlsSetup setup() {
        return this == CLIENT ? DtlsSetup.ACTIVE : DtlsSetup.PASSIVE;
    }
}
