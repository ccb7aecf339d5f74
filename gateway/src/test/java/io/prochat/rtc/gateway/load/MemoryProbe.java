package io.prochat.rtc.gateway.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the served jar's memory is, when it runs with {@code -XX:NativeMemoryTracking=summary} ({@code -Dload.nmt=true}):
 * a full GC first ({@code jcmd GC.run}, so the heap holds what is live and G1 gives back what it can), then the JVM's
 * own account by category ({@code jcmd VM.native_memory summary}: committed KB of Java Heap, Thread, Class, Internal,
 * Other, ...), the heap in use after that GC ({@code GC.heap_info}) and VmRSS. Taken at idle and at the end, their
 * difference divided by the participants says what a participant holds, apart from the garbage a raw RSS figure
 * includes (a heap that grew under load and was not collected yet). Each snapshot's text is kept in the run's folder.
 */
record MemoryProbe(long rssKb, long heapUsedKb, Map<String, Long> committedKb) {
    private static final Pattern CATEGORY = Pattern.compile("^-\\s+(.+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)",
            Pattern.MULTILINE);
    /** Each heap space's use in {@code GC.heap_info} (G1: one line; Serial, which one core gets: two). */
    private static final Pattern HEAP_USED = Pattern.compile("^ (?:garbage-first heap|def new generation|tenured generation)"
            + "\\s+total \\d+K, used (\\d+)K", Pattern.MULTILINE);

    static MemoryProbe take(long pid, Path dir, String name) throws IOException, InterruptedException {
        String gc = Jcmd.run(pid, "GC.run");
        String heap = Jcmd.run(pid, "GC.heap_info");
        String nmt = Jcmd.run(pid, "VM.native_memory", "summary");
        long rss = ProcStat.of(pid).rssKb();
        Files.writeString(dir.resolve("memory-" + name + ".txt"), gc + heap + nmt + "\nVmRSS " + rss + " kB\n",
                StandardCharsets.UTF_8);
        Map<String, Long> committed = new LinkedHashMap<>();
        Matcher m = CATEGORY.matcher(nmt);
        while (m.find()) {
            committed.put(m.group(1).trim(), Long.parseLong(m.group(2)));
        }
        Matcher h = HEAP_USED.matcher(heap);
        long used = 0;
        while (h.find()) {
            used += Long.parseLong(h.group(1));
        }
        return new MemoryProbe(rss, used, committed);
    }

    /** One line: per participant, the growth from {@code idle} to this in each category that grew by ≥ 1 KB. */
    String perParticipant(MemoryProbe idle, int participants) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("RSS after GC %.3f MB, heap in use after GC %.3f MB; NMT committed:",
                (rssKb - idle.rssKb) / 1024.0 / participants, (heapUsedKb - idle.heapUsedKb) / 1024.0 / participants));
        committedKb.forEach((category, kb) -> {
            long grew = kb - idle.committedKb.getOrDefault(category, 0L);
            if (grew * 1.0 / participants >= 1) {
                b.append(String.format(" %s %.1f KB,", category, grew * 1.0 / participants));
            }
        });
        b.setLength(b.length() - 1);
        return b.toString();
    }
}
