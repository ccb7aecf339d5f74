package io.prochat.rtc.gateway.load;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ThreadCpuTest {
    @Test
    void aBusyThreadShowsUpUnderItsNameWithoutTheDigits() throws Exception {
        long pid = ProcessHandle.current().pid();
        Thread spinner = new Thread(() -> {
            long end = System.nanoTime() + 600_000_000L;
            long x = 0;
            while (System.nanoTime() < end) {
                x += System.nanoTime() % 7;
            }
            if (x == 42) {
                System.out.println(x);
            }
        }, "spin-test-17");
        ThreadCpu before = ThreadCpu.of(pid);
        long t0 = System.nanoTime();
        spinner.start();
        Thread.sleep(400); // still running: a thread's ticks vanish from /proc with it
        ThreadCpu after = ThreadCpu.of(pid);
        double seconds = (System.nanoTime() - t0) / 1e9;
        spinner.join();
        String busiest = after.busiestSince(before, seconds);
        assertTrue(busiest.contains("spin-test-#"), busiest);
        assertFalse(busiest.contains("spin-test-17"), busiest);
    }
}
