package io.prochat.rtc.testing.calls;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.HasCapabilities;

/**
 * Not a test (Surefire skips *Launcher): measures what Calls clients cost on this machine, to choose between several
 * clients in one {@link CallsBrowser} page and one browser per client. Four clients in two relayed pairs, everyone
 * unmuted, one screen share; CPU time and RSS of the browsers' processes over 20 s.
 * Run: {@code mvn -o -pl test-fixtures test -Dtest=CallsBrowserCostLauncher -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>Measured 2026-12-04 on this 2-core machine shared with other engineers (load average 16 to 28, so only the ratio
 * means much): one page with 4 clients 0.51 cores busy, 1.2 GB summed RSS; one browser per client 0.89 cores,
 * 4.3 GB (summed RSS counts shared pages more than once). Hence {@link CallsBrowser} hosts many clients per page.
 */
class CallsBrowserCostLauncher {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void measure() throws Exception {
        assumeTrue(CallsBrowser.isAvailable(), () -> "missing: " + CallsBrowser.missing());
        System.out.println("one page, 4 clients:   " + run(1));
        System.out.println("one browser per client: " + run(4));
    }

    private static String run(int browsers) throws Exception {
        List<CallsBrowser> open = new ArrayList<>();
        List<PairRelay> relays = new ArrayList<>();
        try {
            for (int i = 0; i < browsers; i++) {
                open.add(CallsBrowser.start());
            }
            List<CallsClientPage> clients = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                clients.add(open.get(i % browsers).newClient("cost-" + i, ClientOptions.loopback()));
            }
            relays.add(new PairRelay(clients.get(0), clients.get(1)));
            relays.add(new PairRelay(clients.get(2), clients.get(3)));
            for (CallsClientPage c : clients) {
                c.awaitEvent("connect", WAIT);
                c.unmute();
            }
            clients.get(0).startScreenShare();
            clients.get(1).awaitStats(s -> s.inbound("video").stream().anyMatch(v -> v.frames() > 30), WAIT);
            Thread.sleep(3_000);
            long cpu0 = cpuTicks(open);
            long t0 = System.nanoTime();
            Thread.sleep(20_000);
            long cpu1 = cpuTicks(open);
            double seconds = (System.nanoTime() - t0) / 1e9;
            return String.format("%d browser(s): %.2f cores busy, %d MB RSS", browsers,
                    (cpu1 - cpu0) / 100.0 / seconds, rssKb(open) / 1024);
        } finally {
            for (PairRelay r : relays) {
                r.close();
            }
            open.forEach(CallsBrowser::close);
        }
    }

    private static List<ProcessHandle> processes(List<CallsBrowser> browsers) {
        List<String> markers = new ArrayList<>();
        for (CallsBrowser b : browsers) {
            Object chrome = ((HasCapabilities) b.chromium().driver()).getCapabilities().getCapability("chrome");
            markers.add("--user-data-dir=" + ((Map<?, ?>) chrome).get("userDataDir"));
        }
        // the browser processes and all their children (renderer, GPU, network and audio services)
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments()
                        .map(args -> Stream.of(args).anyMatch(markers::contains)).orElse(false))
                .flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))
                .distinct()
                .toList();
    }

    private static long cpuTicks(List<CallsBrowser> browsers) throws IOException {
        long sum = 0;
        for (ProcessHandle p : processes(browsers)) {
            String[] f = stat(p);
            if (f != null) {
                sum += Long.parseLong(f[13]) + Long.parseLong(f[14]);
            }
        }
        return sum;
    }

    private static long rssKb(List<CallsBrowser> browsers) throws IOException {
        long sum = 0;
        for (ProcessHandle p : processes(browsers)) {
            String[] f = stat(p);
            if (f != null) {
                sum += Long.parseLong(f[23]) * 4;
            }
        }
        return sum;
    }

    private static String[] stat(ProcessHandle p) throws IOException {
        Path file = Path.of("/proc", Long.toString(p.pid()), "stat");
        if (!Files.exists(file)) {
            return null;
        }
        String s = Files.readString(file);
        // fields after the command name in parentheses, which may contain spaces
        String rest = s.substring(s.lastIndexOf(')') + 2);
        String[] after = rest.split(" ");
        String[] fields = new String[after.length + 2];
        System.arraycopy(after, 0, fields, 2, after.length);
        return fields;
    }
}
