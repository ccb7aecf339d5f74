package io.prochat.rtc.testing.mattermost;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/** One request the stub received: method, path, the headers tests check, and the body. */
public record Recorded(Instant at, String method, String path, String authorization, String contentType,
                       String accept, String body) {

    static Recorded of(LoggedRequest r) {
        return new Recorded(r.getLoggedDate().toInstant(), r.getMethod().getName(), r.getUrl().split("\\?", 2)[0],
                r.getHeader("Authorization"), r.getHeader("Content-Type"), r.getHeader("Accept"), r.getBodyAsString());
    }

    public JsonNode json() {
        try {
            return MattermostJson.JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }
}
