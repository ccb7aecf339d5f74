package io.prochat.rtc.gateway.cluster;

import io.prochat.rtc.gateway.ApiClient;
import io.prochat.rtc.gateway.ClusterFixture;
import io.prochat.rtc.gateway.SfuNode;
import io.prochat.rtc.gateway.store.Database;
import io.prochat.rtc.gateway.store.SfuNodeStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** A real SFU node's internal API over HTTP: the cluster secret or 401, and what each call does to its rooms. */
class NodeApiTest {
    @TempDir
    Path dir;
    private SfuNode node;
    private ApiClient trusted;
    private ApiClient stranger;
    private String store;

    @BeforeEach
    void start() {
        store = dir.resolve("store").toString();
        node = SfuNode.start(ClusterFixture.node(store, "node-a", 26), Clock.systemUTC());
        trusted = new ApiClient("http://127.0.0.1:" + node.port(), ClusterFixture.SECRET);
        stranger = new ApiClient("http://127.0.0.1:" + node.port(), null);
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void withoutTheSecretEveryInternalRequestIs401Json() {
        for (HttpRequest.Builder b : new HttpRequest.Builder[] {
                stranger.unauthenticated("/internal/v1/node").GET(),
                stranger.unauthenticated("/internal/v1/rooms/c1").POST(HttpRequest.BodyPublishers.noBody()),
                stranger.unauthenticated("/internal/v1/rooms/c1").DELETE(),
                stranger.unauthenticated("/internal/v1/drain").POST(HttpRequest.BodyPublishers.noBody()),
                stranger.unauthenticated("/internal/v1/node").header("Authorization", "Bearer wrong").GET(),
                stranger.unauthenticated("/internal/v1/node")
                        .header("Authorization", "Bearer " + ClusterFixture.SECRET.substring(1)).GET(),
                stranger.unauthenticated("/internal/v1/node")
                        .header("Authorization", "Basic " + ClusterFixture.SECRET).GET()}) {
            ApiClient.Answer a = stranger.send(b);
            assertThat(a.status()).as(a.raw().request().toString()).isEqualTo(401);
            assertThat(a.json().get("error").asText()).isEqualTo("unauthorized");
            assertThat(a.body()).doesNotContain(ClusterFixture.SECRET);
        }
        assertThat(trusted.get("/internal/v1/rooms/c1").status()).as("nothing was opened").isEqualTo(404);
        assertThat(trusted.get("/internal/v1/node").json().get("state").asText()).as("nor drained").isEqualTo("up");
        assertThat(stranger.get("/metrics").body()).contains("prochat_api_errors_total{code=\"unauthorized\"");
    }

    @Test
    void roomsAreOpenedReadAndClosedThenTheDrainRefusesNewOnes() {
        assertThat(trusted.get("/internal/v1/node").json().get("id").asText()).isEqualTo("node-a");
        assertThat(trusted.post("/internal/v1/rooms/c1", "").status()).isEqualTo(201);
        ApiClient.Answer room = trusted.get("/internal/v1/rooms/c1");
        assertThat(room.status()).isEqualTo(200);
        assertThat(room.json().get("participants").asInt()).isZero();
        assertThat(trusted.get("/internal/v1/node").json().get("rooms").asInt()).isEqualTo(1);
        assertThat(trusted.delete("/internal/v1/rooms/c1").json().get("closed").asBoolean()).isTrue();
        assertThat(trusted.get("/internal/v1/rooms/c1").status()).isEqualTo(404);
        assertThat(trusted.delete("/internal/v1/rooms/c1").json().get("closed").asBoolean()).isFalse();

        assertThat(trusted.post("/internal/v1/drain", "").status()).isEqualTo(202);
        assertThat(trusted.post("/internal/v1/rooms/c2", "").json().get("error").asText()).isEqualTo("draining");
        try (Database db = Database.open("jdbc:h2:file:" + Path.of(store).toAbsolutePath())) {
            assertThat(new SfuNodeStore(db).find("node-a").orElseThrow().state()).isEqualTo(NodeState.DRAINING);
        }
    }
}
