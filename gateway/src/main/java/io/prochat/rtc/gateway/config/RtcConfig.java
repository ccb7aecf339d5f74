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
 */
public record RtcConfig(String iceHostOverride, int icePortUdp, int icePortTcp, List<IceServer> iceServers,
                        int maxCallParticipants, boolean enableEcho, int maxServerParticipants, TurnConfig turn,
                        int capacity) {
    /** Far above what 2 cores forward with cameras on ({@link #DEFAULT_CAPACITY}): a guard, not the capacity. */
    public static final int DEFAULT_MAX_SERVER_PARTICIPANTS = 500;
    /**
     * Two thirds of the camera-on participants in rooms of 10 that the reference machine forwarded at under 0.1 %
     * loss on 2 cores (5 rooms, 50 people, 49,700 pkt/s: docs/benchmarks.md, "Huddle load, separate processes").
     */
    public static final int DEFAULT_CAPACITY = 33;

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
                maxServerParticipants, t, capacity);
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
                DEFAULT_CAPACITY);
    }
}
