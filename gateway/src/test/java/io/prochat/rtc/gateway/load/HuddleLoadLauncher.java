package io.prochat.rtc.gateway.load;

import io.prochat.rtc.gateway.ApiClient;
import io.prochat.rtc.testing.FreePorts;
import io.prochat.rtc.testing.PionClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Huddle load on the packaged jar, the load generator in a process of its own (issue 14, item 4): for every
 * workload and every core set, a fresh {@code prochat-rtc.jar serve} pinned with {@code taskset}, huddles created
 * through the API, participants joined through their join links by the Pion generator ({@link LoadGenerator}),
 * then a measured window. Prints one markdown table (and writes it to {@code target/huddle-load.md}), with the joins
 * that failed listed under it, counted by reason (the generator's error, or the stage a join had not reached).
 * docs/benchmarks.md ("Huddle load, separate processes") has a run; the README says how to derive
 * {@code [RTC] Capacity} from one.
 *
 * <pre>
 * mvn -B -q -o -pl gateway -am verify -Dit.test=HuddleLoadLauncher -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 *   -Dload.workloads=audio:2x100,audio:2x200,audio:4x100,screen:1x100,page:2x100,camera:10x0x2   (Workload)
 *   -Dload.cores=0/0,1        SFU core sets, '/'-separated; the generator gets the other cores, or all when none
 *   -Dload.warmup=10 -Dload.seconds=20 -Dload.batch=10 -Dload.javaOpts="-Xmx1g ..."
 *   -Dload.quiet=true -Dload.nmt=true -Dload.jfr=true   (see the fields)
 *   -Dload.logLevel=DEBUG      the server's ConsoleLevel (WARN), into serve.stdout in the run's folder
 * </pre>
 *
 * Not run by default: failsafe runs {@code packaged/*IT.java}; this runs only when named with {@code -Dit.test}.
 */
class HuddleLoadLauncher {
    private static final String KEY = "prk_load-launcher-0123456789abcdef";
    private static final Pattern RTP_OUT = Pattern.compile(
            "^prochat_sfu_rtp_packets_total\\{direction=\"out\",?\\}\\s+([0-9.eE+]+)", Pattern.MULTILINE);

    private final List<Workload> workloads = Workload.parseAll(System.getProperty("load.workloads",
            "audio:2x100,audio:2x200,audio:4x100,screen:1x100,page:2x100,camera:10x0x2"));
    private final List<String> coreSets = Arrays.asList(System.getProperty("load.cores", "0/0,1").split("/"));
    private final int warmup = Integer.getInteger("load.warmup", 10);
    private final int seconds = Integer.getInteger("load.seconds", 20);
    private final int batch = Integer.getInteger("load.batch", 10);
    private final List<String> javaOpts = splitOptions(System.getProperty("load.javaOpts",
            System.getenv().getOrDefault("PROCHAT_JAVA_OPTS", "")));
    /** -Dload.nmt=true: the jar runs with native memory tracking, and each run says where its memory went. */
    private final boolean nmt = Boolean.getBoolean("load.nmt");
    private final StringBuilder memory = new StringBuilder();
    private final StringBuilder phases = new StringBuilder();
    private final StringBuilder threads = new StringBuilder();
    /** -Dload.jfr=true: a flight recording (settings=profile) of the measured window, kept in the run's folder. */
    private final boolean jfr = Boolean.getBoolean("load.jfr");
    /**
     * -Dload.quiet=true: after the window, the publishers pause and the same sessions are measured for as long again
     * without media; the SFU's CPU in that quiet window is what the sessions cost with nothing to forward, and the
     * difference, divided by the packets forwarded in the window, is the marginal CPU per forwarded packet. With
     * -Dload.jfr=true the quiet window is recorded too (quiet.jfr).
     */
    private final boolean quiet = Boolean.getBoolean("load.quiet");
    private final StringBuilder marginal = new StringBuilder();

    @Test
    void run() throws Exception {
        Assumptions.assumeTrue(PionClient.isAvailable(), "needs golang-go and golang-github-pion-webrtc.v3-dev");
        PionClient.binary(); // built before anything is timed
        Path root = Files.createTempDirectory("huddle-load");
        List<String> rows = new ArrayList<>();
        StringBuilder failures = new StringBuilder();
        for (Workload w : workloads) {
            for (String cores : coreSets) {
                Path dir = Files.createDirectories(root.resolve(w.spec().replaceAll("[^A-Za-z0-9]", "_") + "-c"
                        + cores));
                LoadResult r = measure(w, cores, dir);
                rows.add(r.row());
                System.out.println(r.row());
                System.out.print(r.failureLines());
                failures.append(r.failureLines());
            }
        }
        String table = LoadResult.header() + String.join("\n", rows) + "\n"
                + (failures.length() == 0 ? "" : "\nFailed joins, by reason:\n" + failures)
                + "\nJoin phases on the server, p50 / p99 (JoinPhases):\n" + phases
                + "\nThe SFU's threads over the window, share of one core (ThreadCpu):\n" + threads
                + (memory.length() == 0 ? "" : "\nMemory per participant (MemoryProbe):\n" + memory)
                + (marginal.length() == 0 ? "" : "\nCPU with and without media, the same sessions (-Dload.quiet):\n"
                        + marginal);
        Files.writeString(Path.of("target", "huddle-load.md"), table, StandardCharsets.UTF_8);
        System.out.println("\n" + machine() + "\n\n" + table);
    }

    private LoadResult measure(Workload w, String sfuCores, Path dir) throws Exception {
        String genCores = generatorCores(sfuCores);
        int apiPort = FreePorts.tcp();
        int mediaPort = FreePorts.tcpAndUdp();
        Path config = dir.resolve("config.toml");
        Files.writeString(config, config(apiPort, mediaPort, dir, w.participants()));
        List<String> opts = new ArrayList<>(javaOpts);
        if (nmt) {
            opts.add("-XX:NativeMemoryTracking=summary");
        }
        try (ServedJar jar = ServedJar.start(sfuCores, opts, dir, config)) {
            jar.awaitListening(apiPort);
            ApiClient api = new ApiClient("http://127.0.0.1:" + apiPort, KEY);
            Thread.sleep(3000);
            ProcStat idle = ProcStat.of(jar.pid());
            MemoryProbe idleMemory = nmt ? MemoryProbe.take(jar.pid(), dir, "idle") : null;
            List<List<String>> links = new ArrayList<>(); // per room: publishers' links, then listeners'
            for (int room = 0; room < w.rooms(); room++) {
                String call = api.post("/api/v1/calls", "{\"title\":\"load " + room
                        + "\",\"kind\":\"huddle\",\"createdBy\":{\"userId\":\"u0\",\"name\":\"U0\"}}").json()
                        .get("id").asText();
                List<String> roomLinks = new ArrayList<>();
                for (int i = 0; i < w.publishers() + w.listeners(); i++) {
                    String user = "r" + room + "p" + i;
                    ApiClient.Answer a = api.post("/api/v1/calls/" + call + "/participants",
                            "{\"userId\":\"" + user + "\",\"name\":\"" + user + "\"}");
                    if (a.status() != 200 && a.status() != 201) {
                        throw new IllegalStateException("join link: " + a.status() + " " + a.body());
                    }
                    roomLinks.add(a.json().get("joinUrl").asText());
                }
                links.add(roomLinks);
            }
            try (LoadGenerator gen = LoadGenerator.start(genCores, dir.resolve("generator.log"))) {
                List<LoadGenerator.Join> timed = new ArrayList<>();
                List<LoadGenerator.Join> all = new ArrayList<>();
                int perRoom = w.publishers() + w.listeners();
                int n = 0;
                // publishers first (one per room at a time); then listeners, `batch` at a time, each batch awaited
                for (int i = 0; i < perRoom; ) {
                    List<LoadGenerator.Join> wave = new ArrayList<>();
                    int step = i < w.publishers() ? 1 : Math.max(1, batch / w.rooms());
                    for (int k = i; k < Math.min(perRoom, i + step); k++) {
                        for (int room = 0; room < w.rooms(); room++) {
                            boolean publisher = k < w.publishers();
                            String from = "127.0.0." + (2 + n / 200); // the server takes 256 sockets per address
                            LoadGenerator.Join j = gen.join("r" + room + "p" + k, links.get(room).get(k),
                                    publisher ? w.send() : "", w.page(), from);
                            n++;
                            wave.add(j);
                            all.add(j);
                            if (k > 0) { // someone was already sending
                                timed.add(j);
                            }
                        }
                    }
                    i += step;
                    awaitJoins(wave, i <= w.publishers());
                }
                Thread.sleep(warmup * 1000L);
                LoadGenerator.Report g0 = gen.report();
                ProcStat s0 = ProcStat.of(jar.pid());
                ThreadCpu threads0 = ThreadCpu.of(jar.pid());
                ProcStat gs0 = ProcStat.of(gen.pid());
                long drops0 = ProcStat.udpRcvbufErrors();
                double out0 = rtpOut(api);
                if (jfr) {
                    Jcmd.run(jar.pid(), "JFR.start", "name=window", "settings=profile");
                }
                long t0 = System.nanoTime();
                Thread.sleep(seconds * 1000L);
                LoadGenerator.Report g1 = gen.report();
                ProcStat s1 = ProcStat.of(jar.pid());
                ThreadCpu threads1 = ThreadCpu.of(jar.pid());
                ProcStat gs1 = ProcStat.of(gen.pid());
                long drops1 = ProcStat.udpRcvbufErrors();
                double out1 = rtpOut(api);
                double window = (System.nanoTime() - t0) / 1e9;
                if (jfr) {
                    Jcmd.run(jar.pid(), "JFR.stop", "name=window", "filename=" + dir.resolve("window.jfr"));
                }
                stepLine(threads, w, sfuCores, threads1.busiestSince(threads0, window));
                stepLine(phases, w, sfuCores, JoinPhases.summary(api.get("/metrics").body()));
                if (quiet) {
                    stepLine(marginal, w, sfuCores,
                            quietWindow(gen, jar.pid(), window, s0, s1, out1 - out0, jfr ? dir : null));
                }
                if (idleMemory != null) {
                    stepLine(memory, w, sfuCores,
                            MemoryProbe.take(jar.pid(), dir, "end").perParticipant(idleMemory, w.participants()));
                }
                return new LoadResult(w, sfuCores, genCores, window, idle, s0, s1, gs0, gs1, g0, g1, out1 - out0,
                        drops1 - drops0, timed, all);
            }
        }
    }

    /** One line of a per-step section below the table. */
    private static void stepLine(StringBuilder section, Workload w, String sfuCores, String text) {
        section.append("- ").append(w.spec()).append(", SFU cores ").append(sfuCores).append(": ").append(text)
                .append('\n');
    }

    /**
     * Pauses the publishers, lets what is in flight drain, and measures the SFU for {@code window} seconds more:
     * one line with the CPU of both windows and the marginal cost per forwarded packet.
     */
    private static String quietWindow(LoadGenerator gen, long pid, double window, ProcStat s0, ProcStat s1,
            double forwarded, Path recordTo) throws Exception {
        gen.pause(true);
        Thread.sleep(3000);
        if (recordTo != null) {
            Jcmd.run(pid, "JFR.start", "name=quiet", "settings=profile");
        }
        ProcStat q0 = ProcStat.of(pid);
        long t0 = System.nanoTime();
        Thread.sleep(Math.round(window * 1000));
        ProcStat q1 = ProcStat.of(pid);
        double quietSeconds = (System.nanoTime() - t0) / 1e9;
        if (recordTo != null) {
            Jcmd.run(pid, "JFR.stop", "name=quiet", "filename=" + recordTo.resolve("quiet.jfr"));
        }
        gen.pause(false);
        double busy = s1.cpuSecondsSince(s0) / window; // cores
        double idle = q1.cpuSecondsSince(q0) / quietSeconds;
        double pps = forwarded / window;
        return String.format(java.util.Locale.ROOT,
                "%.3f cores with media (%,.0f pkt/s forwarded), %.3f cores without: %.2f µs per forwarded packet"
                        + " on top of the sessions' own upkeep (%.2f µs per packet in all)",
                busy, pps, idle, (busy - idle) / pps * 1e6, busy / pps * 1e6);
    }

    /** Waits until each join has its first media (or, for the first publishers, is connected), failed, or 30 s. */
    private static void awaitJoins(List<LoadGenerator.Join> wave, boolean connectedIsEnough)
            throws InterruptedException {
        long end = System.nanoTime() + 30_000_000_000L;
        for (LoadGenerator.Join j : wave) {
            while (j.error == null && (connectedIsEnough ? j.connectedMs < 0 : j.mediaMs < 0)
                    && System.nanoTime() < end) {
                Thread.sleep(10);
            }
        }
    }

    private static double rtpOut(ApiClient api) {
        Matcher m = RTP_OUT.matcher(api.get("/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static String config(int apiPort, int mediaPort, Path dir, int participants) {
        int most = Math.max(1000, participants + 10);
        return """
                [HTTP]
                ServerAddress = "127.0.0.1"
                ServerPort = %d
                [RTC]
                ICEPortUDP = %d
                ICEPortTCP = %d
                MaxCallParticipants = %d
                MaxServerParticipants = %d
                EnableEcho = false
                [Store]
                DataSource = "%s"
                [Logger]
                ConsoleLevel = "%s"
                [Gateway]
                Mode = "sfu-only"
                HuddleMaxParticipants = %d
                APIKeys = ["%s"]
                DrainTimeoutSeconds = 0
                """.formatted(apiPort, mediaPort, mediaPort, most, most, dir.resolve("store/prochat-rtc"),
                        System.getProperty("load.logLevel", "WARN"), most, KEY);
    }

    /** The cores not in {@code sfu} ("1" → "0" on two cores), or all of them when the SFU has every core. */
    static String generatorCores(String sfu) {
        int cpus = Runtime.getRuntime().availableProcessors();
        boolean[] taken = new boolean[cpus];
        for (String part : sfu.split(",")) {
            String[] range = part.split("-");
            int from = Integer.parseInt(range[0].trim());
            int to = Integer.parseInt(range[range.length - 1].trim());
            for (int c = from; c <= to && c < cpus; c++) {
                taken[c] = true;
            }
        }
        List<String> rest = new ArrayList<>();
        for (int c = 0; c < cpus; c++) {
            if (!taken[c]) {
                rest.add(String.valueOf(c));
            }
        }
        return rest.isEmpty() ? "0-" + (cpus - 1) : String.join(",", rest);
    }

    private static List<String> splitOptions(String s) {
        return s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
    }

    private static String machine() {
        String cpu = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 2)).orElse("?");
        } catch (java.io.IOException e) {
            // leave it unknown
        }
        return "Machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", JDK "
                + System.getProperty("java.runtime.version");
    }
}
