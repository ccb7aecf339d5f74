package io.prochat.rtc.sfu.media;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link ForwardingBenchmark} from Maven (about 4 minutes, one forked JVM, GC profiler on). A benchmark, not a
 * test: the build excludes {@code *Launcher} classes, so it runs only when named:
 *
 * <pre>mvn -B -q -o -pl sfu test -Dtest=ForwardingBenchmarkLauncher</pre>
 */
class ForwardingBenchmarkLauncher {
    @Test
    void runForwardingBenchmark() throws Exception {
        new Runner(new OptionsBuilder()
                .include(ForwardingBenchmark.class.getName())
                .addProfiler(GCProfiler.class)
                .jvmArgsAppend("-Dice4j.harvest.mapping.aws.enabled=false")
                .build()).run();
    }
}
