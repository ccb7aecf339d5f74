package io.prochat.rtc.gateway.cli;

import io.prochat.rtc.gateway.Main;
import io.prochat.rtc.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code check-ports} on this machine's real /proc, with ports this test binds itself. */
class CheckPortsCommandTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();
    private final ByteArrayOutputStream out = console.out;
    private final ByteArrayOutputStream err = console.err;

    private Path config(int api, int media) throws Exception {
        return Files.writeString(dir.resolve("c.toml"), """
                [HTTP]
                ServerAddress = "127.0.0.1"
                ServerPort = %d
                [RTC]
                ICEPortUDP = %d
                ICEPortTCP = %d
                """.formatted(api, media, media));
    }

    @Test
    void portsHeldByThisProcessAreReportedWithItsPidAndExitStatus1() throws Exception {
        long me = ProcessHandle.current().pid();
        try (ServerSocket api = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             DatagramSocket media = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Path cfg = config(api.getLocalPort(), media.getLocalPort());

            int status = Main.run("check-ports", "--config", cfg.toString());

            String text = out.toString(StandardCharsets.UTF_8);
            assertEquals(1, status, text);
            assertThat(text)
                    .containsPattern(api.getLocalPort() + "/tcp\\s+\\[HTTP\\] ServerPort \\(API\\)\\s+IN USE by \\S+ \\(pid "
                            + me + "\\) on 127.0.0.1")
                    .containsPattern(media.getLocalPort() + "/udp\\s+\\[RTC\\] ICEPortUDP \\(media\\)\\s+IN USE by \\S+ \\(pid "
                            + me + "\\)")
                    .contains("Cannot start: " + api.getLocalPort() + "/tcp, " + media.getLocalPort() + "/udp are taken.");
        }
    }

    @Test
    void freePortsExitWith0() throws Exception {
        int api = FreePorts.tcp();
        int media = FreePorts.tcpAndUdp();
        Path cfg = config(api, media);

        int status = Main.run("check-ports", "--config", cfg.toString());

        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text);
        assertThat(text).contains("Ready: the configured ports are free");
    }

    @Test
    void aBadConfigExitsWith2AndOneLine() throws Exception {
        Path cfg = Files.writeString(dir.resolve("bad.toml"), "[HTTP]\nServerPort = 70000\n");

        assertEquals(Main.EXIT_CONFIG, Main.run("check-ports", "--config", cfg.toString()));
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).startsWith("prochat-rtc: config error:")
                .contains("ServerPort").doesNotContain("\n");
    }
}
