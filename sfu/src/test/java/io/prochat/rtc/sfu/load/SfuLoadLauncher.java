package io.prochat.rtc.sfu.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Steps the SFU's load up, one fresh SFU per step, and prints a Markdown table for docs/benchmarks.md. Only when
 * asked (a few minutes; a benchmark, so nothing is asserted):
 *
 * <pre>mvn -B -q -o -pl sfu test -Dtest=SfuLoadLauncher [-Dload.steps=1x3,1x10,4x10] [-Dload.seconds=15]</pre>
 *
 * A step "RxP" is R rooms of P people, each sending Opus-sized audio and camera video ({@link MediaPump}).
 * Everything stays on 127.0.0.1, and ice4j's cloud-address lookups are off.
 */
class SfuLoadLauncher {
    static {
        System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
    }

    @Test
    void stepTheLoadUp() throws Exception {
        String steps = System.getProperty("load.steps", "1x3,1x5,1x10,1x20,1x30,5x5,4x10");
        Duration window = Duration.ofSeconds(Long.getLong("load.seconds", 15));
        Duration warmUp = Duration.ofSeconds(Long.getLong("load.warmup", 6));
        List<String> rows = new ArrayList<>();
        for (String step : steps.split(",")) {
            String[] rp = step.trim().split("x");
            StepResult r = new LoadStep(Integer.parseInt(rp[0]), Integer.parseInt(rp[1]), warmUp, window).run();
            rows.add(r.row());
            System.out.println("load " + r);
            System.gc(); // the previous step's garbage is not the next one's
            Thread.sleep(2000);
        }
        System.out.println(StepResult.HEADER);
        rows.forEach(System.out::println);
    }
}
