package io.prochat.rtc.gateway.config;

import java.util.List;
import java.util.Objects;

/**
 * {@code [RTC]}: the built-in SFU's network settings. rtcd layout: {@code [rtc] ice_host_override,
 * ice_port_udp, ice_port_tcp, ice_servers}.
 *
 * @param iceHostOverride     address announced in ICE candidates, "" to auto-detect
 * @param icePortUdp          UDP port for media (1–65535)
 * @param icePortTcp          TCP port for media (1–65535)
 * @param iceServers          STUN/TURN servers handed to clients
 * @param maxCallParticipants most participants in one call on the SFU
 * @param enableEcho          serve the echo test (/echo): it takes no credentials, so a server that does not want
 *                            strangers to use (a few of) its media slots turns it off
 * @param maxServerParticipants most participants in all calls of this SFU at once (huddles and Calls-plugin calls);
 *                            one more is refused with {@code server_full}
 * @param turn                the TURN server clients get time-limited credentials for; {@link TurnConfig#NONE} for none
 * @param capacity            participants across all rooms at which the gateway reports this SFU full and routes new
 *                            huddles elsewhere; measured per machine with the huddle load launcher (README)
 * @param mediaWorkers        the SFU's media worker threads (decrypt, forward, encrypt); 0 = one per core
 * @param udpSocketBufferBytes SO_RCVBUF and SO_SNDBUF asked for on the media UDP sockets (the kernel caps them at
 *                            net.core.rmem_max / wmem_max); 0 = the OS default
 */
public record RtcConfig(String iceHostOverride, int icePortUdp, int icePortTcp, List<IceServer> iceServers,
                        int maxCallParticipants, boolean enableEcho, int maxServerParticipants, TurnConfig turn,
                        int capacity, int mediaWorkers, int udpSocketBufferBytes) {
    /** Far above what 2 cores forward with cameras on ({@link #DEFAULT_CAPACITY}): a guard, not the capacity. */
    public static final int DEFAULT_MAX_SERVER_PARTICIPANTS = 500;
    /**
     * Two thirds of the camera-on participants in rooms of 10 that the reference machine forwarded at under 0.1 %
     * loss on 2 cores (5 rooms, 50 people, 49,700 pkt/s: docs/benchmarks.md, "Huddle load, separate processes").
     */
    public static final int DEFAULT_CAPACITY = 33;
    /** One media worker per core. */
    public static final int DEFAULT_MEDIA_WORKERS = 0;
    /**
     * Each worker is a thread with a preallocated ring of 1,024 datagram slots (1.5 MiB of heap): far more threads
     * than cores only adds switching and heap, so a larger value is a typo, not a tuning.
     */
    public static final int MAX_MEDIA_WORKERS = 256;
    /** 16 MiB, the SFU's own default (Sfu.Config.DEFAULT_UDP_SOCKET_BUFFER), as rtcd asks for. */
    public static final int DEFAULT_UDP_SOCKET_BUFFER_BYTES = 16 * 1024 * 1024;

    static final String SECTION = "RTC";

    public RtcConfig {
        iceHostOverride = Objects.requireNonNullElse(iceHostOverride, "").trim();
        Checks.noSpaces(SECTION, "ICEHostOverride", iceHostOverride);
        Checks.port(SECTION, "ICEPortUDP", icePortUdp);
        Checks.port(SECTION, "ICEPortTCP", icePortTcp);
        iceServers = List.copyOf(Objects.requireNonNullElse(iceServers, List.<IceServer>of()));
        Checks.positive(SECTION, "MaxCallParticipants", maxCallParticipants);
        Checks.positive(SECTION, "MaxServerParticipants", maxServerParticipants);
        turn = Objects.requireNonNullElse(turn, TurnConfig.NONE);
        Checks.positive(SECTION, "Capacity", capacity);
        if (capacity > maxServerParticipants) {
            throw ConfigException.at(SECTION, "Capacity", capacity,
                    "must not exceed [RTC] MaxServerParticipants (" + maxServerParticipants + "): the SFU would refuse "
                            + "joins before the gateway ever reported it full");
        }
        Checks.zeroOrPositive(SECTION, "MediaWorkers", mediaWorkers, "one per core");
        Checks.atMost(SECTION, "MediaWorkers", mediaWorkers, MAX_MEDIA_WORKERS,
                "each worker is a thread with its own 1.5 MiB packet ring; 0 = one per core");
        Checks.zeroOrPositive(SECTION, "UDPSocketBufferBytes", udpSocketBufferBytes, "the OS default");
    }

    /** With the default media workers (one per core) and socket buffers (16 MiB). */
    public RtcConfig(String iceHostOverride, int icePortUdp, int icePortTcp, List<IceServer> iceServers,
                     int maxCallParticipants, boolean enableEcho, int maxServerParticipants, TurnConfig turn,
                     int capacity) {
        this(iceHostOverride, icePortUdp, icePortTcp, iceServers, maxCallParticipants, enableEcho,
                maxServerParticipants, turn, capacity, DEFAULT_MEDIA_WORKERS, DEFAULT_UDP_SOCKET_BUFFER_BYTES);
    }

    /** With the measured default capacity. */
    public RtcConfig(String iceHostOverride, int icePortUdp, int icePortTcp, List<IceServer> iceServers,
                     int maxCallParticipants, boolean enableEcho, int maxServerParticipants, TurnConfig turn) {
        this(iceHostOverride, icePortUdp, icePortTcp, iceServers, maxCallParticipants, enableEcho,
                maxServerParticipants, turn, Math.min(DEFAULT_CAPACITY, maxServerParticipants));
    }

    /** Without TURN. */
    public RtcConfig(String iceHostOverride, int icePortUdp, int icePortTcp, List<IceServer> iceServers,
                     int maxCallParticipants, boolean enableEcho, int maxServerParticipants) {
        this(iceHostOverride, icePortUdp, icePortTcp, iceServers, maxCallParticipants, enableEcho,
                maxServerParticipants, TurnConfig.NONE);
    }

    /** The same settings with another TURN server. */
    public RtcConfig withTurn(TurnConfig t) {
        return new RtcConfig(iceHostOverride, icePortUdp, icePortTcp, iceServers, maxCallParticipants, enableEcho,
                maxServerParticipants, t, capacity, mediaWorkers, udpSocketBufferBytes);
    }

    /** The same settings with other media workers and UDP socket buffers. */
    public RtcConfig withMedia(int workers, int socketBufferBytes) {
        return new RtcConfig(iceHostOverride, icePortUdp, icePortTcp, iceServers, maxCallParticipants, enableEcho,
                maxServerParticipants, turn, capacity, workers, socketBufferBytes);
    }

    public RtcConfig(String iceHostOverride, int icePortUdp, int icePortTcp, List<IceServer> iceServers,
                     int maxCallParticipants, boolean enableEcho) {
        this(iceHostOverride, icePortUdp, icePortTcp, iceServers, maxCallParticipants, enableEcho,
                DEFAULT_MAX_SERVER_PARTICIPANTS);
    }

    /** With the echo test on (the default). */
    public RtcConfig(String iceHostOverride, int icePortUdp, int icePortTcp, List<IceServer> iceServers,
                     int maxCallParticipants) {
        this(iceHostOverride, icePortUdp, icePortTcp, iceServers, maxCallParticipants, true);
    }

    /** Auto-detected host, media on 8045 UDP and TCP (the deployment guide's ports), no ICE servers, echo test on. */
    public static RtcConfig defaults() {
        return new RtcConfig("", 8045, 8045, List.of(), 100, true, DEFAULT_MAX_SERVER_PARTICIPANTS, TurnConfig.NONE,
                DEFAULT_CAPACITY, DEFAULT_MEDIA_WORKERS, DEFAULT_UDP_SOCKET_BUFFER_BYTES);
    }
}
