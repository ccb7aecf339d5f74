package io.prochat.rtc.mattermost.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * One REST call with retries: 429 and 5xx are retried after the wait the server advertises
 * ({@code Retry-After}, else {@code X-Ratelimit-Reset}), or after a doubling back-off; a refused
 * connection is always retried (nothing was sent), other I/O failures only for idempotent methods
 * (a POST that timed out may have created its post). Logs method, path and status, never headers or bodies.
 */
final class Exchange {
    private static final Logger log = LoggerFactory.getLogger(MattermostClient.class);
    /** Above this, X-Ratelimit-Reset is read as an epoch second rather than a number of seconds. */
    private static final long EPOCH_THRESHOLD = 1_000_000_000L;

    private final OkHttpClient http;
    private final ObjectMapper json;
    private final RetryPolicy retry;
    private final Sleeper sleeper;
    private final Clock clock;

    Exchange(OkHttpClient http, ObjectMapper json, RetryPolicy retry, Sleeper sleeper, Clock clock) {
        this.http = http;
        this.json = json;
        this.retry = retry;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /** Runs the request and returns the 2xx body as JSON; throws {@link MattermostException} otherwise. */
    JsonNode run(Request request, String what) {
        boolean idempotent = !request.method().equals("POST");
        for (int attempt = 1; ; attempt++) {
            Duration wait;
            try (Response response = http.newCall(request).execute()) {
                int status = response.code();
                log.debug("Mattermost {} -> {}", what, status);
                if (response.isSuccessful()) {
                    return body(response, what);
                }
                MattermostException failure = error(response, what);
                if (status != 429 && status < 500 || attempt >= retry.maxAttempts()) {
                    throw failure;
                }
                wait = advertisedWait(response).orElse(retry.backoff(attempt));
                if (wait.compareTo(retry.maxWait()) > 0) {
                    log.warn("Mattermost {} answered {} and asks to wait {} ms, longer than this caller allows",
                            what, status, wait.toMillis());
                    throw failure;
                }
                log.warn("Mattermost {} answered {}; retrying in {} ms (attempt {} of {})", what, status,
                        wait.toMillis(), attempt + 1, retry.maxAttempts());
            } catch (IOException e) {
                boolean safe = e instanceof ConnectException || idempotent;
                if (!safe || attempt >= retry.maxAttempts()) {
                    throw new MattermostException(MattermostException.Kind.UNREACHABLE, 0, null,
                            "Mattermost did not answer " + what + ": " + e.getMessage(),
                            null, null, e);
                }
                wait = retry.backoff(attempt);
                log.warn("Mattermost {} failed ({}); retrying in {} ms (attempt {} of {})", what,
                        e.getClass().getSimpleName(), wait.toMillis(), attempt + 1, retry.maxAttempts());
            }
            pause(wait);
        }
    }

    private void pause(Duration wait) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MattermostException(MattermostException.Kind.UNREACHABLE, 0, null,
                    "interrupted while waiting to retry", null, null, e);
        }
    }

    private JsonNode body(Response response, String what) throws IOException {
        ResponseBody body = response.body();
        String text = body.string();
        if (text.isBlank()) {
            return json.nullNode();
        }
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new MattermostException(MattermostException.Kind.BAD_RESPONSE, response.code(), null,
                    "Mattermost answered " + what + " with a body that is not JSON", null,
                    response.header("X-Request-Id"), e);
        }
    }

    /** Mattermost's AppError JSON when there is one; the first line of any other body otherwise. */
    private MattermostException error(Response response, String what) throws IOException {
        int status = response.code();
        String text = response.body().string();
        String requestId = response.header("X-Request-Id");
        String id = null;
        String message = null;
        String detailed = null;
        try {
            JsonNode node = json.readTree(text);
            if (node != null && node.isObject()) {
                id = textOrNull(node, "id");
                message = textOrNull(node, "message");
                detailed = textOrNull(node, "detailed_error");
                requestId = Optional.ofNullable(textOrNull(node, "request_id")).orElse(requestId);
            }
        } catch (IOException notJson) {
            // rate limiting answers plain text; a proxy in front may answer HTML
        }
        if (message == null) {
            String line = text.strip().lines().findFirst().orElse("");
            message = line.isEmpty() ? "HTTP " + status : line.substring(0, Math.min(line.length(), 200));
        }
        return new MattermostException(MattermostException.kindOf(status), status, id,
                what + ": " + message, detailed, requestId, null);
    }

    Optional<Duration> advertisedWait(Response response) {
        Optional<Long> seconds = number(response.header("Retry-After"));
        if (seconds.isEmpty()) {
            seconds = number(response.header("X-Ratelimit-Reset")).map(reset ->
                    reset > EPOCH_THRESHOLD ? reset - clock.instant().getEpochSecond() : reset);
        }
        return seconds.map(s -> Duration.ofSeconds(Math.max(0, s)));
    }

    private static Optional<Long> number(String header) {
        if (header == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
