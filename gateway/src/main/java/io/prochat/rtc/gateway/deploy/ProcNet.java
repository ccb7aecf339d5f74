package io.prochat.rtc.gateway.deploy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's socket tables, {@code /proc/net/tcp}, {@code tcp6}, {@code udp} and {@code udp6}: which local
 * addresses and ports are bound, and the socket inode that ties each to a process ({@link SocketOwners}).
 * Reading them needs no privileges and no netstat/ss.
 */
public final class ProcNet {
    /** TCP state LISTEN in the tables' {@code st} column (include/net/tcp_states.h). */
    private static final int TCP_LISTEN = 0x0A;

    private ProcNet() {
    }

    /** Transport of a port. */
    public enum Proto {
        TCP, UDP;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One bound socket.
     *
     * @param listening for TCP whether it is in LISTEN; UDP sockets are always reported as bound (listening)
     */
    public record Socket(Proto proto, InetAddress address, int port, boolean listening, long inode) {
        /** Whether it holds {@code port} of {@code proto} in a way that stops another bind there. */
        public boolean holds(Proto p, int localPort) {
            return proto == p && port == localPort && listening;
        }

        public boolean wildcard() {
            return address.isAnyLocalAddress();
        }
    }

    /** Every socket of the four tables under {@code proc} (normally {@code /proc}); a missing table is skipped. */
    public static List<Socket> read(Path proc) throws IOException {
        List<Socket> out = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            String text;
            try {
                text = Files.readString(proc.resolve("net").resolve(table));
            } catch (NoSuchFileException noIpv6) {
                continue;
            }
            out.addAll(parse(text, table.startsWith("tcp") ? Proto.TCP : Proto.UDP));
        }
        return out;
    }

    /**
     * Parses one table. Lines look like
     * {@code 0: 0100007F:20FB 00000000:0000 0A 00000000:00000000 00:00000000 00000000 1000 0 12345 …}:
     * the local address in hex, in the kernel's (little-endian) word order, the port in hex, the state, and the
     * inode in the tenth column. The header line and malformed lines are skipped.
     */
    public static List<Socket> parse(String text, Proto proto) {
        List<Socket> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || !f[0].endsWith(":")) {
                continue; // the header ("sl local_address ...") or a truncated line
            }
            try {
                int colon = f[1].indexOf(':');
                InetAddress address = address(f[1].substring(0, colon));
                int port = Integer.parseInt(f[1].substring(colon + 1), 16);
                int state = Integer.parseInt(f[3], 16);
                long inode = Long.parseLong(f[9]);
                boolean bound = proto == Proto.UDP || state == TCP_LISTEN;
                out.add(new Socket(proto, address, port, bound, inode));
            } catch (RuntimeException | UnknownHostException malformed) {
                // not a socket line: skip it rather than fail the whole check
            }
        }
        return out;
    }

    /** 8 hex digits (IPv4) or 32 (IPv6), each 32-bit word written in little-endian byte order. */
    static InetAddress address(String hex) throws UnknownHostException {
        if (hex.length() != 8 && hex.length() != 32) {
            throw new UnknownHostException("bad address " + hex);
        }
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = word * 8 + (3 - i) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return InetAddress.getByAddress(bytes);
    }
}
