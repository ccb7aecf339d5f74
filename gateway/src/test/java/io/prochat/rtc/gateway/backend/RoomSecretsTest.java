package io.prochat.rtc.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Room passwords: stable per room and key, different across rooms and keys, 128 bits in base64url. */
class RoomSecretsTest {

    @Test
    void derivedPerRoomAndKey() {
        RoomSecrets a = new RoomSecrets("service-password");
        String one = a.forRoom("brave-otters-wander-x1");
        assertThat(one).matches("[A-Za-z0-9_-]{22}");
        assertThat(new RoomSecrets("service-password").forRoom("brave-otters-wander-x1")).isEqualTo(one);
        assertThat(a.forRoom("brave-otters-wander-x2")).isNotEqualTo(one);
        assertThat(new RoomSecrets("other-password").forRoom("brave-otters-wander-x1")).isNotEqualTo(one);
        assertThat(one).doesNotContain("service-password");
    }
}
