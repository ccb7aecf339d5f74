package io.prochat.rtc.gateway.packaged;

import io.prochat.rtc.gateway.packaged.Features.Serving;
import java.nio.file.Path;
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
}
