package io.prochat.rtc.gateway.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prochat.rtc.gateway.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Signed button contexts: what passes, and every way one is refused. */
class ActionContextsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T18:00:00Z"));
    private final ActionContexts contexts = new ActionContexts(new byte[32], clock, Duration.ofHours(24));

    @Test
    void aSignedContextVerifiesForItsOwnAction() throws Exception {
        Map<String, Object> c = contexts.sign("callid123", "join");

        ActionContexts.Verified v = contexts.verify(c, "join");

        assertThat(v.callId()).isEqualTo("callid123");
        assertThat(v.issuedAt()).isEqualTo(clock.instant());
        assertThat(v.nonce()).hasSize(22);
        assertThat(c.values()).allSatisfy(value -> assertThat(value).isInstanceOf(String.class));
        assertThat(contexts.sign("callid123", "join").get("nonce")).isNotEqualTo(c.get("nonce"));
    }

    @Test
    void anyChangeOrAnotherKeyIsForged() {
        Map<String, Object> c = contexts.sign("callid123", "join");
        for (String field : c.keySet()) {
            Map<String, Object> changed = new HashMap<>(c);
            changed.put(field, field.equals("v") ? "2" : field.equals("iat") ? "1" : c.get(field) + "x");
            assertThatThrownBy(() -> contexts.verify(changed, "join")).as(field)
                    .isInstanceOfSatisfying(ActionContexts.Refused.class, e -> assertThat(e.expired()).isFalse());
        }
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        Map<String, Object> foreign = new ActionContexts(otherKey, clock, Duration.ofHours(24)).sign("callid123", "join");
        assertThatThrownBy(() -> contexts.verify(foreign, "join")).isInstanceOf(ActionContexts.Refused.class);
        assertThatThrownBy(() -> contexts.verify(c, "end")).isInstanceOf(ActionContexts.Refused.class);
        assertThatThrownBy(() -> contexts.verify(null, "join")).isInstanceOf(ActionContexts.Refused.class);
    }

    @Test
    void oldContextsExpireAndFutureOnesAreForged() {
        Map<String, Object> c = contexts.sign("callid123", "end");
        clock.advance(Duration.ofHours(24).plusSeconds(1));
        assertThatThrownBy(() -> contexts.verify(c, "end"))
                .isInstanceOfSatisfying(ActionContexts.Refused.class, e -> assertThat(e.expired()).isTrue());

        Map<String, Object> ahead = contexts.sign("callid123", "end");
        clock.advance(Duration.ofMinutes(-10));
        assertThatThrownBy(() -> contexts.verify(ahead, "end"))
                .isInstanceOfSatisfying(ActionContexts.Refused.class, e -> assertThat(e.expired()).isFalse());
    }
}
