package io.prochat.rtc.jitsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JitsiSettingsTest {

    static final URI BASE = URI.create("https://meet.example.com");
    static final Duration HOUR = Duration.ofHours(1);

    @Test
    void blankAppIdMeansUnsignedLinks() {
        JitsiSettings s = new JitsiSettings(BASE, null, null, null, null, null, HOUR);
        assertThat(s.signsTokens()).isFalse();
        assertThat(s.appId()).isEmpty();
        assertThat(s.tenant()).isEmpty();
        assertThat(new JitsiSettings(BASE, "  ", "", "", "", "", HOUR).signsTokens()).isFalse();
    }

    @Test
    void audienceDefaultsToAppIdAndSubjectToTenantThenWildcard() {
        JitsiSettings plain = new JitsiSettings(BASE, "prochat", "secret", " ", "", "", HOUR);
        assertThat(plain.signsTokens()).isTrue();
        assertThat(plain.tokenAudience()).isEqualTo("prochat");
        assertThat(plain.tokenSubject()).isEqualTo("*");
        JitsiSettings tenant = new JitsiSettings(BASE, "prochat", "secret", "jitsi", null, "/Acme/", HOUR);
        assertThat(tenant.tenant()).isEqualTo("acme");
        assertThat(tenant.tokenAudience()).isEqualTo("jitsi");
        assertThat(tenant.tokenSubject()).isEqualTo("acme");
        JitsiSettings subject = new JitsiSettings(BASE, "prochat", "secret", "", "meet.jitsi", "acme", HOUR);
        assertThat(subject.tokenSubject()).isEqualTo("meet.jitsi");
    }

    @ParameterizedTest
    @ValueSource(strings = {"meet.example.com", "/relative/path", "ftp://meet.example.com", "https:opaque",
            "https://meet.example.com/?x=1", "https://meet.example.com/#frag", "file:///etc/passwd"})
    void baseUrlMustBeAnAbsoluteHttpUrl(String url) {
        assertThatThrownBy(() -> new JitsiSettings(URI.create(url), "", "", "", "", "", HOUR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseUrl");
    }

    @Test
    void baseUrlWithCredentialsIsRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> new JitsiSettings(URI.create("https://admin:hunter2@meet.example.com"),
                "", "", "", "", "", HOUR))
                .hasMessageContaining("baseUrl").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> new JitsiSettings(null, "", "", "", "", "", HOUR)).hasMessageContaining("baseUrl");
    }

    @Test
    void appIdAndSecretComeTogether() {
        assertThatThrownBy(() -> new JitsiSettings(BASE, "prochat", " ", "", "", "", HOUR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appSecret");
        assertThatThrownBy(() -> new JitsiSettings(BASE, "", "orphan-secret", "", "", "", HOUR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appId")
                .hasMessageNotContaining("orphan-secret");
    }

    @Test
    void linkValidityMustBePositive() {
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMinutes(-5), Duration.ofMillis(999)}) {
            assertThatThrownBy(() -> new JitsiSettings(BASE, "", "", "", "", "", bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("linkValidity");
        }
        assertThatThrownBy(() -> new JitsiSettings(BASE, "", "", "", "", "", null)).hasMessageContaining("linkValidity");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "..", "../x", "team a", "t?x", "t#x", "t%2f", "équipe", "-x"})
    void tenantMustBeOneSafePathSegment(String tenant) {
        assertThatThrownBy(() -> new JitsiSettings(BASE, "", "", "", "", tenant, HOUR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tenant");
    }

    @Test
    void toStringHidesTheSecret() {
        JitsiSettings s = new JitsiSettings(BASE, "prochat", "very-secret-value", "", "", "", HOUR);
        assertThat(s.toString()).doesNotContain("very-secret-value").contains("prochat", "<redacted>");
    }
}
