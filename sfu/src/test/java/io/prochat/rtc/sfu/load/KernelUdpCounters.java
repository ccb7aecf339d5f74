package io.prochat.rtc.sfu.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Datagrams the Linux kernel dropped because a socket's receive buffer was full (/proc/net/snmp, Udp RcvbufErrors),
 * host-wide: the SFU's port and the peers' alike. Loss the receivers see with no SFU drop is usually here: a receive
 * thread that did not get the CPU in time. -1 where the file is missing.
 */
final class KernelUdpCounters {
    private KernelUdpCounters() {
    }

    static long receiveBufferErrors() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/snmp"));
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).startsWith("Udp:") && lines.get(i + 1).startsWith("Udp:")) {
                    List<String> names = List.of(lines.get(i).trim().split("\\s+"));
                    String[] values = lines.get(i + 1).trim().split("\\s+");
                    int at = names.indexOf("RcvbufErrors");
                    return at < 0 ? -1 : Long.parseLong(values[at]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or a format we do not know
        }
        return -1;
    }
}
