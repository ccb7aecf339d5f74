package io.prochat.rtc.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A refused JDBC URL is named in the error with its password masked, from the environment or the file. */
class SecretInMessagesTest {
    static final String URL = "jdbc:mysql://db.example.org/prochat?user=u&password=secretpw";

    @TempDir
    Path dir;

    @Test
    void fromTheEnvironment() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of("PROCHAT_STORE_DATASOURCE", URL), w -> { }));
        assertThat(e.getMessage()).contains("PROCHAT_STORE_DATASOURCE").contains("password=********")
                .doesNotContain("secretpw");
    }

    @Test
    void fromAnRtcdLayoutFile() throws Exception {
        Path f = dir.resolve("rtcd.toml");
        Files.writeString(f, "[store]\ndata_source = \"" + URL + "\"\n");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(f, Map.of(), w -> { }));
        assertThat(e.getMessage()).contains("data_source").contains("password=********").doesNotContain("secretpw");
    }
}
