package io.prochat.rtc.sfu.srtp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link SrtpBenchmark} from Maven, since the build has no exec plugin: a benchmark, not a test, so it runs only
 * when asked for (about 1.5 minutes, one forked JVM, GC profiler on):
 *
 * <pre>cd /work/main && mvn -B -q -o -pl sfu test -Dtest=SrtpBenchmarkLauncher -Djmh=true</pre>
 *
 * The forked JVM inherits Surefire's class path (the booter jar's manifest lists every dependency).
 */
class SrtpBenchmarkLauncher {
    @Test
    @EnabledIfSystemProperty(named = "jmh", matches = "true")
    void runSrtpBenchmark() throws Exception {
        new Runner(new OptionsBuilder()
                .include(SrtpBenchmark.class.getName())
                .addProfiler(GCProfiler.class)
                .jvmArgsAppend("-Dice4j.harvest.mapping.aws.enabled=false")
                .build()).run();
    }
}
