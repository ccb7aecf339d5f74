package io.prochat.rtc.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A class missing from the jar ends start-up in one line naming the feature, not in a stack trace. */
class MissingLibraryTest {
    @Test
    void namesTheFeatureAndTheMissingClass() {
        String line = Main.missingLibrary(new NoClassDefFoundError("com/auth0/jwt/algorithms/Algorithm"));
        assertThat(line).startsWith("signed Jitsi links ([Jitsi] AppID, AppSecret) need java-jwt")
                .contains("com.auth0.jwt.algorithms.Algorithm").doesNotContain("\n");
        assertThat(Main.missingLibrary(new NoClassDefFoundError("org/jivesoftware/smack/XMPPConnection")))
                .startsWith("Jitsi room control");
    }
}
