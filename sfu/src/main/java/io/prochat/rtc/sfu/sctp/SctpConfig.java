package io.prochat.rtc.sfu.sctp;

import java.time.Duration;

/**
 * Limits and timers of one association.
 *
 * @param port SCTP port both sides use (5000 unless {@code a=sctp-port} says otherwise, RFC 8841)
 * @param mtu largest SCTP packet we send; over DTLS it must fit one record
 *     ({@link io.prochat.rtc.sfu.dtls.DtlsEndpoint#MAX_APPLICATION_DATA})
 * @param receiveWindow bytes of fragments and early messages we hold (our a_rwnd)
 * @param sendBuffer bytes of messages queued or in flight before {@code send} refuses more
 * @param maxMessageSize largest message either way (our {@code a=max-message-size})
 * @param maxStreams inbound and outbound streams we offer; the negotiated count is the smaller of both sides'
 * @param rtoMin WebRTC stacks use far less than RFC 9260's 1 s: a data channel on a LAN should not stall for a second
 *     per loss
 * @param maxRetransmissions consecutive T3-rtx (or T1, T2) expiries before the association is given up (§8.1)
 */
public record SctpConfig(int port, int mtu, int receiveWindow, int sendBuffer, int maxMessageSize, int maxStreams,
        Duration rtoInitial, Duration rtoMin, Duration rtoMax, int maxRetransmissions, Duration cookieLifetime) {
    public static final int MAX_MESSAGE_SIZE = 262144;

    public SctpConfig {
        if (mtu < 256 || receiveWindow < maxMessageSize || maxStreams < 1 || maxStreams > 65535) {
            throw new IllegalArgumentException("bad SCTP config");
        }
    }

    /** The same with another MTU, e.g. what fits in one DTLS record. */
    public SctpConfig withMtu(int bytes) {
        return new SctpConfig(port, bytes, receiveWindow, sendBuffer, maxMessageSize, maxStreams, rtoInitial, rtoMin,
                rtoMax, maxRetransmissions, cookieLifetime);
    }

    public static SctpConfig defaults() {
        return new SctpConfig(5000, 1200, 1024 * 1024, 4 * 1024 * 1024, MAX_MESSAGE_SIZE, 1024,
                Duration.ofSeconds(1), Duration.ofMillis(250), Duration.ofSeconds(10), 10, Duration.ofSeconds(60));
    }
}
