package io.prochat.rtc.gateway.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import io.prochat.rtc.gateway.packaged.Features.Serving;
import io.prochat.rtc.gateway.packaged.PackagedJar.Result;
import io.prochat.rtc.testing.FreePorts;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Option B as issue 10 ran it: {@code PROCHAT_JITSI_URL}, {@code APPID} and {@code APPSECRET}, then
 * {@code java -jar prochat-rtc.jar serve}. With java-jwt missing from the shaded jar this died at start with
 * {@code NoClassDefFoundError: com/auth0/jwt/algorithms/Algorithm} while every unit test passed.
 */
class SignedJitsiLinksIT {
    @TempDir
    Path dir;

    @Test
    void theJarStartsWithAppIdAndSecretAndHandsOutTokensThatVerify() {
        try (Serving jar = Features.serve(dir, Features.signedLinks())) {
            Features.checkSignedLinks(jar.api());
        }
    }

    /** Today's bug on purpose: a copy of the jar without java-jwt refuses to start in one line naming the feature. */
    @Test
    void aJarWithoutJavaJwtRefusesInOneLineNamingTheFeature() throws Exception {
        Path broken = dir.resolve("without-java-jwt.jar");
        try (ZipFile in = new ZipFile(PackagedJar.JAR.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(broken))) {
            for (ZipEntry e : Collections.list(in.entries())) {
                if (!e.getName().startsWith("com/auth0/")) {
                    out.putNextEntry(new ZipEntry(e.getName()));
                    try (InputStream from = in.getInputStream(e)) {
                        from.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
        Map<String, String> env = new HashMap<>(Features.base(FreePorts.tcp(), FreePorts.tcpAndUdp()));
        env.putAll(Features.signedLinks());
        Result r = PackagedJar.run(dir, env, broken, "serve");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).as(r.toString()).isEqualTo("prochat-rtc: cannot start: signed Jitsi links ([Jitsi] AppID,"
                + " AppSecret) need java-jwt, which is missing from this build (NoClassDefFoundError:"
                + " com.auth0.jwt.algorithms.Algorithm); rebuild the jar with ./prochat-rtc or mvn package\n");
    }
}
