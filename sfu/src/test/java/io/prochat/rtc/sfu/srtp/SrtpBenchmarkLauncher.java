package io.prochat.rtc.sfu.srtp;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link SrtpBenchmark} from Maven, since the build has no exec plugin: a benchmark, not a test: the build excludes
 * {@code *Launcher} classes, so it runs only when named (about 1.5 minutes, one forked JVM, GC profiler on):
 *
 * <pre>mvn -B -q -o -pl sfu test -Dtest=SrtpBenchmarkLauncher</pre>
 *
 * The forked JVM inherits Surefire's class path (the booter jar's manifest lists every dependency).
 */
class SrtpBenchmarkLauncher {
    @Test
    void runSrtpBenchmark() throws Exception {
        new Runner(new OptionsBuilder()
                .include(SrtpBenchmark.class.getName())
                .addProfiler(GCProfiler.class)
                .jvmArgsAppend("-Dice4j.harvest.mapping.aws.enabled=false")
                .build()).run();
    }
}
