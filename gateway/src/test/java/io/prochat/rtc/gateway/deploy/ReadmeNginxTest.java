package io.prochat.rtc.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "More than one machine" nginx example (an upstream of two gateways, WebSocket upgrade headers, a name
 * per gateway) is a configuration nginx accepts: {@code nginx -t} on it, with a self-signed certificate in place of
 * the example's paths, as DeployCommandsTest checks {@code print nginx}.
 */
class ReadmeNginxTest {
    @TempDir
    Path dir;

    @Test
    void theSeveralGatewaysExamplePassesNginxTest() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        String section = readme.substring(readme.indexOf("## More than one machine"));
        Matcher block = Pattern.compile("```nginx\\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertThat(block.find()).as("the section's nginx block").isTrue();
        String site = block.group(1);
        assertThat(site).contains("upstream prochat_gateways").contains("server 10.0.0.11:8444")
                .contains("server 10.0.0.12:8444").contains("proxy_set_header Upgrade $http_upgrade;");

        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        assertThat(run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=rtc.test", "-keyout", key.toString(), "-out", cert.toString()))).startsWith("0");
        site = site.replaceAll("ssl_certificate_key \\S+;", "ssl_certificate_key " + key + ";")
                .replaceAll("ssl_certificate /\\S+;", "ssl_certificate " + cert + ";");
        Files.writeString(dir.resolve("prochat-rtc.conf"), site);
        Path wrapper = Files.writeString(dir.resolve("nginx.conf"), """
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events {}
                http {
                    access_log off;
                    include %1$s/prochat-rtc.conf;
                }
                """.formatted(dir));

        String test = run(List.of("nginx", "-t", "-p", dir.toString(), "-e", dir.resolve("error.log").toString(),
                "-c", wrapper.toString()));

        assertThat(test).startsWith("0").contains("test is successful").doesNotContain("[warn]");
    }

    /** The exit status, a newline, then what the command printed. */
    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() + "\n" + out;
    }
}
