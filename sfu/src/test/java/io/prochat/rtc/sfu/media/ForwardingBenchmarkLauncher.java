package io.prochat.rtc.sfu.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link ForwardingBenchmark} from Maven (about 2.5 minutes, one forked JVM, GC profiler on), only when asked:
 *
 * <pre>mvn -B -q -o -pl sfu test -Dtest=ForwardingBenchmarkLauncher -Djmh=true</pre>
 */
class ForwardingBenchmarkLauncher {
    @Test
    @EnabledIfSystemProperty(named = "jmh", matches = "true")
    void runForwardingBenchmark() throws Exception {
        new Runner(new OptionsBuilder()
                .include(ForwardingBenchmark.class.getName())
                .addProfiler(GCProfiler.class)
                .jvmArgsAppend("-Dice4j.harvest.mapping.aws.enabled=false")
                .build()).run();
    }
}
