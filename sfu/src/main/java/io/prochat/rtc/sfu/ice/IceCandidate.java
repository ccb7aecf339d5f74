package io.prochat.rtc.sfu.ice;

import java.util.Locale;

/**
 * One ICE candidate as SDP writes it (RFC 8839 §5.1):
 * {@code candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> [raddr <a> rport <p>]
 * [tcptype <t>] [extensions]}.
 *
 * @param tcpType {@code active}, {@code passive}, {@code so}, or null for UDP
 */
public record IceCandidate(String foundation, int component, String transport, long priority, String address,
        int port, String type, String tcpType) {

    /** Parses {@code "candidate:..."} or the same without the prefix (as {@code RTCIceCandidate.candidate} has it). */
    public static IceCandidate parse(String line) {
        String s = line.trim();
        if (s.startsWith("a=")) {
            s = s.substring(2);
        }
        if (s.startsWith("candidate:")) {
            s = s.substring("candidate:".length());
        }
        String[] f = s.split("\\s+");
        if (f.length < 8 || !"typ".equals(f[6])) {
            throw new IllegalArgumentException("not an ICE candidate: " + line);
        }
        String tcpType = null;
        for (int i = 8; i + 1 < f.length; i += 2) {
            if ("tcptype".equals(f[i])) {
                tcpType = f[i + 1].toLowerCase(Locale.ROOT);
            }
        }
        return new IceCandidate(f[0], Integer.parseInt(f[1]), f[2].toLowerCase(Locale.ROOT), Long.parseLong(f[3]),
                f[4], Integer.parseInt(f[5]), f[7].toLowerCase(Locale.ROOT), tcpType);
    }

    public boolean isTcp() {
        return "tcp".equals(transport);
    }

    /** The attribute value, {@code candidate:...}, for {@code a=} lines and trickle messages. */
    public String toSdpValue() {
        StringBuilder b = new StringBuilder("candidate:").append(foundation).append(' ').append(component).append(' ')
                .append(transport).append(' ').append(priority).append(' ').append(address).append(' ').append(port)
                .append(" typ ").append(type);
        if (tcpType != null) {
            b.append(" tcptype ").append(tcpType);
        }
        return b.append(" generation 0").toString();
    }

    /** The same candidate announced at another address (ICEHostOverride: a public address in front of a NAT). */
    public IceCandidate withAddress(String newAddress) {
        return new IceCandidate(foundation, component, transport, priority, newAddress, port, type, tcpType);
    }
}
