package io.prochat.rtc.gateway.deploy;

import io.prochat.rtc.gateway.config.GatewayConfig;
import io.prochat.rtc.gateway.deploy.ProcNet.Proto;
import io.prochat.rtc.gateway.deploy.ProcNet.Socket;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The deployment guide's Step 1 as a check: which ports this configuration needs and Jitsi's usual ones are
 * taken, by which process, and which of the guide's port options (A 8443+8045, B 8444+8046, C 7443+8045) is
 * free to use instead.
 */
public final class PortCheck {
    /** A port we (or Jitsi) bind. {@code address} null = every interface. */
    public record Port(Proto proto, int port, InetAddress address, String what) {
        String label() {
            return port + "/" + proto.label();
        }
    }

    /** One of the deployment guide's port choices. */
    public record Option(String name, int apiPort, int mediaPort) {
    }

    public static final List<Option> GUIDE_OPTIONS = List.of(
            new Option("A", 8443, 8045), new Option("B (safest)", 8444, 8046), new Option("C", 7443, 8045));

    /** Jitsi Meet's ports on a default install (Step 1's list, plus Prosody's). */
    public static final List<Port> JITSI_PORTS = List.of(
            new Port(Proto.TCP, 443, null, "Jitsi Meet HTTPS (nginx)"),
            new Port(Proto.TCP, 4443, null, "videobridge TCP fallback"),
            new Port(Proto.TCP, 5222, null, "Prosody XMPP clients (jicofo, jvb)"),
            new Port(Proto.TCP, 5280, null, "Prosody BOSH / XMPP WebSocket"),
            new Port(Proto.TCP, 5347, null, "Prosody external components"),
            new Port(Proto.UDP, 10000, null, "videobridge media"),
            new Port(Proto.TCP, 8443, null, "videobridge OCTO (where configured)"));

    /** The report's text and exit status: 0 = this configuration can start, 1 = a port it needs is taken. */
    public record Result(String text, int exitStatus) {
    }

    private final List<Socket> sockets;
    private final SocketOwners owners;

    public PortCheck(List<Socket> sockets, SocketOwners owners) {
        this.sockets = List.copyOf(sockets);
        this.owners = owners;
    }

    /** The ports {@code cfg} binds: the API on its address, media (ice4j) on every interface. */
    public static List<Port> needed(GatewayConfig cfg) {
        InetAddress api = apiAddress(cfg.http().serverAddress());
        return List.of(
                new Port(Proto.TCP, cfg.http().serverPort(), api, "[HTTP] ServerPort (API)"),
                new Port(Proto.UDP, cfg.rtc().icePortUdp(), null, "[RTC] ICEPortUDP (media)"),
                new Port(Proto.TCP, cfg.rtc().icePortTcp(), null, "[RTC] ICEPortTCP (media over TCP)"));
    }

    public Result check(GatewayConfig cfg, String source) {
        StringBuilder b = new StringBuilder();
        List<Port> needed = needed(cfg);
        List<String> taken = new ArrayList<>();
        b.append("Ports this configuration needs (").append(source).append("):\n");
        for (Port p : needed) {
            Optional<Socket> holder = holder(p);
            holder.ifPresent(s -> taken.add(p.label()));
            line(b, p, holder);
        }
        b.append("\nJitsi's ports:\n");
        for (Port p : JITSI_PORTS) {
            line(b, p, holder(p));
        }
        for (Port p : needed) {
            JITSI_PORTS.stream().filter(j -> j.proto() == p.proto() && j.port() == p.port()).findFirst()
                    .ifPresent(j -> b.append("\nNote: ").append(p.label()).append(" is also Jitsi's ").append(j.what())
                            .append(": if that service is enabled later, one of the two will not start.\n"));
        }
        if (owners.partial()) {
            b.append("\n(Some processes' sockets could not be read: run as root to see every owner.)\n");
        }
        b.append('\n');
        Optional<Option> free = GUIDE_OPTIONS.stream().filter(o -> optionFree(o, needed.get(0).address())).findFirst();
        if (taken.isEmpty()) {
            b.append("Ready: the configured ports are free; the gateway can start.\n");
        } else {
            b.append("Cannot start: ").append(String.join(", ", taken)).append(taken.size() == 1 ? " is" : " are")
                    .append(" taken.\n");
        }
        if (free.isPresent()) {
            Option o = free.get();
            boolean current = o.apiPort() == cfg.http().serverPort() && o.mediaPort() == cfg.rtc().icePortUdp()
                    && o.mediaPort() == cfg.rtc().icePortTcp();
            if (current) {
                b.append("These are the deployment guide's Option ").append(o.name()).append(" (").append(o.apiPort())
                        .append(" + ").append(o.mediaPort()).append(").\n");
            } else {
                b.append("Suggestion: the deployment guide's Option ").append(o.name()).append(" (").append(o.apiPort())
                        .append(" + ").append(o.mediaPort()).append(") is free. In the config file:\n")
                        .append("  [HTTP]\n  ServerPort = ").append(o.apiPort()).append('\n')
                        .append("  [RTC]\n  ICEPortUDP = ").append(o.mediaPort()).append("\n  ICEPortTCP = ")
                        .append(o.mediaPort()).append('\n');
            }
        } else {
            b.append("None of the deployment guide's options (8443+8045, 8444+8046, 7443+8045) is free:"
                    + " choose other ports for [HTTP] ServerPort and [RTC] ICEPortUDP/ICEPortTCP.\n");
        }
        return new Result(b.toString(), taken.isEmpty() ? 0 : 1);
    }

    private boolean optionFree(Option o, InetAddress apiAddress) {
        return holder(new Port(Proto.TCP, o.apiPort(), apiAddress, "")).isEmpty()
                && holder(new Port(Proto.UDP, o.mediaPort(), null, "")).isEmpty()
                && holder(new Port(Proto.TCP, o.mediaPort(), null, "")).isEmpty();
    }

    private void line(StringBuilder b, Port p, Optional<Socket> holder) {
        b.append(String.format("  %-10s %-38s ", p.label(), p.what()));
        if (holder.isEmpty()) {
            b.append("free\n");
            return;
        }
        Socket s = holder.get();
        String who = owners.of(s.inode()).map(SocketOwners.Owner::toString)
                .orElse("a process this user cannot see (run as root)");
        b.append("IN USE by ").append(who).append(" on ").append(text(s.address())).append('\n');
    }

    /** IPv6's wildcard and loopback in their usual short forms. */
    private static String text(InetAddress a) {
        if (a instanceof Inet6Address && a.isAnyLocalAddress()) {
            return "::";
        }
        if (a instanceof Inet6Address && a.isLoopbackAddress()) {
            return "::1";
        }
        return a.getHostAddress();
    }

    /** The socket that would make binding {@code p} fail, if any. */
    Optional<Socket> holder(Port p) {
        return sockets.stream().filter(s -> s.holds(p.proto(), p.port()))
                .filter(s -> p.address() == null || s.wildcard() || sameAddress(s.address(), p.address()))
                .findFirst();
    }

    private static boolean sameAddress(InetAddress a, InetAddress b) {
        return ipv4(a).equals(ipv4(b));
    }

    /** ::ffff:a.b.c.d as a.b.c.d, so that a dual-stack socket matches an IPv4 address. */
    private static InetAddress ipv4(InetAddress a) {
        if (a instanceof Inet6Address) {
            byte[] x = a.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= x[i] == 0;
            }
            if (mapped && x[10] == (byte) 0xff && x[11] == (byte) 0xff) {
                try {
                    return Inet4Address.getByAddress(new byte[]{x[12], x[13], x[14], x[15]});
                } catch (UnknownHostException impossible) {
                    return a;
                }
            }
        }
        return a;
    }

    /** The API's bind address; null (every interface) for a wildcard or a name that does not resolve here. */
    static InetAddress apiAddress(String serverAddress) {
        try {
            InetAddress a = InetAddress.getByName(serverAddress.replace("[", "").replace("]", ""));
            return a.isAnyLocalAddress() ? null : a;
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
