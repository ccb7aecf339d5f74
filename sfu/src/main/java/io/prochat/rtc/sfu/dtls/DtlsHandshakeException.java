package io.prochat.rtc.sfu.dtls;

/** A failed DTLS handshake, with the reason. */
public final class DtlsHandshakeException extends Exception {
    private final DtlsFailure failure;

    public DtlsHandshakeException(DtlsFailure failure, String message, Throwable cause) {
        super(failure + ": " + message, cause);
        this.failure = failure;
    }

    public DtlsFailure failure() {
        return failure;
    }
}
