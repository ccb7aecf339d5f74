package io.prochat.rtc.gateway.cluster;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterSecretTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void onlyTheBearerSecretItselfIsAccepted() {
        ClusterSecret s = new ClusterSecret(SECRET);
        assertThat(s.accepts("Bearer " + SECRET)).isTrue();
        assertThat(s.accepts("bearer " + SECRET)).isTrue();
        assertThat(s.accepts(null)).isFalse();
        assertThat(s.accepts("")).isFalse();
        assertThat(s.accepts("Bearer ")).isFalse();
        assertThat(s.accepts("Basic " + SECRET)).isFalse();
        assertThat(s.accepts("Bearer " + SECRET.substring(1))).isFalse();
        assertThat(s.accepts("Bearer " + SECRET + "0")).isFalse();
        assertThat(s.accepts(SECRET)).isFalse();
    }

    @Test
    void theSecretIsNeverShownAndMustBeSet() {
        assertThat(new ClusterSecret(SECRET).toString()).doesNotContain(SECRET);
        assertThatThrownBy(() -> new ClusterSecret("")).hasMessageContaining("[Cluster] Secret");
    }
}
