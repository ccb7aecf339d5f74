package io.prochat.rtc.gateway.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import io.prochat.rtc.gateway.packaged.Features.Serving;
import io.prochat.rtc.testing.PostgresServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped jar on a shared PostgreSQL, configured as an operator would ({@code PROCHAT_STORE_DATASOURCE} in
 * libpq's URI form): the driver, the pool and Flyway's PostgreSQL support must all be in the jar. Two gateways on the
 * same database see each other's calls, and a call outlives the gateway that made it.
 */
class PostgresStoreIT {
    @TempDir
    Path dir;

    @Test
    void twoGatewaysShareCallsThroughPostgres() {
        try (PostgresServer postgres = PostgresServer.start()) {
            String database = postgres.newDatabase();
            String name = database.substring(database.lastIndexOf('/') + 1, database.indexOf('?'));
            Map<String, String> store = Map.of("PROCHAT_STORE_DATASOURCE",
                    "postgres://" + PostgresServer.USER + "@127.0.0.1:" + postgres.port() + "/" + name);
            String id;
            try (Serving first = Features.serve(dir.resolve("first"), store)) {
                id = first.api().post("/api/v1/calls", """
                        {"title":"standup","createdBy":{"userId":"u-bob","name":"Bob"}}""").json().get("id").asText();
                try (Serving second = Features.serve(dir.resolve("second"), store)) {
                    assertThat(second.api().get("/api/v1/calls/" + id).json().get("title").asText())
                            .isEqualTo("standup");
                    assertThat(second.api().delete("/api/v1/calls/" + id).status()).isEqualTo(200);
                }
                assertThat(first.api().get("/api/v1/calls/" + id).json().get("state").asText()).isEqualTo("ended");
            }
            try (Serving again = Features.serve(dir.resolve("again"), store)) {
                assertThat(again.api().get("/api/v1/calls/" + id).json().get("state").asText()).isEqualTo("ended");
                assertThat(dir.resolve("again/data")).as("no embedded store made beside it").doesNotExist();
            }
        }
    }
}
