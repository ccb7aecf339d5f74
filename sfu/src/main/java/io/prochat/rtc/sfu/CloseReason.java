package io.prochat.rtc.sfu;

/** Why a {@link MediaTransport} closed. */
public enum CloseReason {
    /** Closed by the application (leave, room end, shutdown). */
    LOCAL,
    /** ICE never got a working pair, or DTLS never finished, within the connect timeout. */
    CONNECT_TIMEOUT,
    /** Nothing (media, or consent either way) heard from the peer for the peer timeout: it vanished. */
    PEER_TIMEOUT,
    /** ICE failed, or the selected TCP connection closed. */
    ICE_FAILED,
    /** The peer's certificate did not match its signalled fingerprint. */
    FINGERPRINT_MISMATCH,
    /** Any other DTLS failure. */
    DTLS_FAILED,
    /** The peer sent DTLS close_notify. */
    PEER_CLOSED
}
