package io.prochat.rtc.sfu.ice;

/** Why a connection to the media TCP port was closed before it reached a session. */
public enum TcpRefusal {
    /** No complete first STUN request within the pending timeout. */
    IDLE,
    /** Evicted: its address had the most pending connections allowed. */
    PER_ADDRESS,
    /** Evicted: the port had the most pending connections allowed. */
    TOTAL,
    /** The first frame was not a STUN Binding request, or too large. */
    NOT_STUN,
    /** No session has its ufrag (or its ICE is over). */
    UNKNOWN_SESSION,
    /** An address the configuration refuses ({@link IceConfig#allowsPeer}). */
    REFUSED_PEER
}
