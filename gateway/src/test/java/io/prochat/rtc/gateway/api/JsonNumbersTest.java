package io.prochat.rtc.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.prochat.rtc.gateway.ApiClient.Answer;
import io.prochat.rtc.gateway.TestGateway;
import io.prochat.rtc.gateway.config.RoutingMode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Valid JSON that is still wrong: fractions for whole numbers, numbers out of range, a field given twice. */
class JsonNumbersTest {
    static final String ALICE = "\"createdBy\":{\"userId\":\"u1\",\"name\":\"Alice\"}";

    @TempDir
    static Path dir;
    static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = TestGateway.start(TestGateway.config(dir, RoutingMode.HYBRID, List.of(TestGateway.API_KEY), 4096),
                TestGateway.API_KEY);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "1.5                 | {\"needs\":{\"expectedParticipants\":1.5},ALICE}         | needs.expectedParticipants | wrong type",
            "1e3                 | {\"needs\":{\"expectedParticipants\":1e3},ALICE}         | needs.expectedParticipants | wrong type",
            "2147483648          | {\"needs\":{\"expectedParticipants\":2147483648},ALICE}  | needs.expectedParticipants | out of range",
            "duplicate title     | {\"title\":\"a\",\"title\":\"b\",ALICE}                  | title                      | more than once",
            "duplicate in needs  | {\"needs\":{\"lobby\":true,\"lobby\":false},ALICE}       | needs.lobby                | more than once"})
    void refusedNamingTheField(String name, String body, String field, String problem) {
        Answer a = gw.api.post("/api/v1/calls", body.replace("ALICE", ALICE));
        assertThat(a.status()).as(a.body()).isEqualTo(400);
        assertThat(a.json().get("error").asText()).as(a.body()).isEqualTo("invalid_field");
        assertThat(a.json().get("field").asText()).as(a.body()).isEqualTo(field);
        assertThat(a.json().get("message").asText()).as(a.body()).contains(problem);
    }
}
