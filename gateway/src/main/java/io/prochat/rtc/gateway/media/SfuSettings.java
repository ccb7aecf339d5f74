package io.prochat.rtc.gateway.media;

import io.prochat.rtc.gateway.config.HttpConfig;
import io.prochat.rtc.gateway.config.RtcConfig;
import io.prochat.rtc.sfu.Sfu;
import io.prochat.rtc.sfu.ice.IceConfig;

import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * [RTC] and [HTTP] as the SFU needs them. The media ports bind where the API binds: loopback when the
 * API is on loopback (the embedded default: nothing is exposed), the one address when it is a specific
 * one, and every up, non-loopback interface address when it is a wildcard (0.0.0.0 or ::), as rtcd does.
 * ICEHostOverride is announced in addition, for servers behind a 1:1 NAT. MediaWorkers and UDPSocketBufferBytes
 * pass through as they are (0 keeps the SFU's meaning: one worker per core, the OS's buffer size).
 */
public final class SfuSettings {
    /** RFC 7675: consent expires 30 s after the last response; the peer is gone by then. */
    static final Duration PEER_TIMEOUT = Duration.ofSeconds(30);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private SfuSettings() {
    }

    public static Sfu.Config of(HttpConfig http, RtcConfig rtc) {
        String host = rtc.iceHostOverride().isBlank() ? null : overrideAddress(rtc.iceHostOverride());
        List<InetAddress> addresses = bindAddresses(http.serverAddress());
        // Bound to loopback only, the SFU also pairs only with loopback peers: a local browser would
        // otherwise pair its other interfaces with our 127.0.0.1 candidate.
        boolean loopbackOnly = addresses.stream().allMatch(InetAddress::isLoopbackAddress);
        IceConfig ice = new IceConfig(addresses, rtc.icePortUdp(), rtc.icePortTcp(), host,
                PEER_TIMEOUT, CONNECT_TIMEOUT, loopbackOnly);
        return Sfu.Config.of(ice).withMediaWorkers(rtc.mediaWorkers())
                .withUdpSocketBufferBytes(rtc.udpSocketBufferBytes());
    }

    /**
     * ICEHostOverride as an IP literal for the candidates: a hostname (as the deployment guide uses) is
     * resolved once at start, as rtcd does, because browsers do not resolve names in ICE candidates.
     */
    static String overrideAddress(String override) {
        try {
            return InetAddress.getByName(override).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("[RTC] ICEHostOverride = " + override + ": the name does not resolve", e);
        }
    }

    static List<InetAddress> bindAddresses(String apiAddress) {
        try {
            InetAddress api = InetAddress.getByName(apiAddress);
            if (!api.isAnyLocalAddress()) {
                return List.of(api);
            }
            boolean ipv4Only = api instanceof Inet4Address; // 0.0.0.0 means IPv4; :: means both
            List<InetAddress> all = new ArrayList<>();
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (!a.isLinkLocalAddress() && (!ipv4Only || a instanceof Inet4Address)) {
                        all.add(a);
                    }
                }
            }
            return all.isEmpty() ? List.of(InetAddress.getLoopbackAddress()) : all;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("[HTTP] ServerAddress " + apiAddress + " does not resolve", e);
        } catch (SocketException e) {
            throw new UncheckedIOException("cannot list network interfaces", e);
        }
    }
}
