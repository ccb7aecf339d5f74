package io.prochat.rtc.gateway.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** {@code jcmd <pid> <command...>} of the JDK running the launcher, against the served jar. */
final class Jcmd {
    private Jcmd() {
    }

    /** The command's output; fails when jcmd does not end well within a minute. */
    static String run(long pid, String... command) throws IOException, InterruptedException {
        String[] cmd = new String[command.length + 2];
        cmd[0] = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        cmd[1] = String.valueOf(pid);
        System.arraycopy(command, 0, cmd, 2, command.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
