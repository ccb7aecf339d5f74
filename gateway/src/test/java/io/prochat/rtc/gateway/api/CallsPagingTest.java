package io.prochat.rtc.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.prochat.rtc.gateway.TestGateway;
import io.prochat.rtc.gateway.config.RoutingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing pages on past any limit: each full page names the {@code after} value of the next one. */
class CallsPagingTest {
    @TempDir
    Path dir;

    @Test
    void everyCallOnceNewestFirstAcrossPages() {
        try (TestGateway gw = TestGateway.start(TestGateway.config(dir, RoutingMode.HYBRID,
                List.of(TestGateway.API_KEY), 65536), TestGateway.API_KEY)) {
            List<String> created = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                created.add(0, gw.api.post("/api/v1/calls", """
                        {"kind":"meeting","title":"t%d","createdBy":{"userId":"u","name":"U"}}""".formatted(i))
                        .json().get("id").asText());
            }
            List<String> seen = new ArrayList<>();
            String after = "";
            int pages = 0;
            do {
                JsonNode page = gw.api.get("/api/v1/calls?limit=2&after=" + after).json();
                page.get("calls").forEach(c -> seen.add(c.get("id").asText()));
                after = page.has("next") ? page.get("next").asText() : null;
                pages++;
            } while (after != null && pages < 10);

            // calls made in the same millisecond are ordered by id, so the set is compared, and no call twice
            assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);
            assertThat(pages).isEqualTo(3);
            assertThat(gw.api.get("/api/v1/calls?after=aaaaaaaaaaaaaaaaaaaaaaaaaa").json().get("field").asText())
                    .isEqualTo("after");
        }
    }
}
