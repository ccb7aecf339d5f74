package io.prochat.rtc.gateway.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseTest {
    @Test
    void aStoreThatCannotOpenIsNamedWithoutItsPassword() {
        // port 1 on loopback: nothing listens, so the driver fails at once and quotes the URL it was given
        assertThatThrownBy(() -> Database.open("jdbc:h2:tcp://127.0.0.1:1/nothing;USER=rtc;PASSWORD=s3cr3t-db"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot open store")
                .hasMessageContaining("PASSWORD=********")
                .hasMessageNotContaining("s3cr3t-db");
    }
}
