package io.prochat.rtc.mattermost.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Mattermost REST API v4 as a bot: {@code Authorization: Bearer <bot token>} on every call, JSON both
 * ways. Failures are {@link MattermostException}s; 429 and 5xx are retried as {@link RetryPolicy} says.
 * Thread-safe; close it to release the connection pool.
 *
 * <pre>{@code
 * MattermostClient mm = MattermostClient.builder("https://chat.example.org", botToken).build();
 * Post card = mm.createPost(Post.create(channelId, "Huddle started", props));
 * }</pre>
 */
public final class MattermostClient implements AutoCloseable {
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final HttpUrl base;
    private final String authorization;
    private final OkHttpClient http;
    private final ObjectMapper json;
    private final Exchange exchange;

    private MattermostClient(Builder b) {
        this.base = HttpUrl.get(b.baseUrl.replaceAll("/+$", "") + "/api/v4/");
        this.authorization = "Bearer " + b.botToken;
        this.http = new OkHttpClient.Builder()
                .connectTimeout(b.connectTimeout)
                .readTimeout(b.readTimeout)
                .writeTimeout(b.readTimeout)
                .followRedirects(false) // a redirect would carry the bot token to wherever it points
                .retryOnConnectionFailure(false) // Exchange decides what is safe to repeat
                .build();
        this.json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        this.exchange = new Exchange(http, json, b.retry, b.sleeper, b.clock);
    }

    /** @param baseUrl the server's site URL, e.g. {@code https://chat.example.org}; @param botToken never logged */
    public static Builder builder(String baseUrl, String botToken) {
        return new Builder(baseUrl, botToken);
    }

    /** {@code GET /api/v4/system/ping}: the server's status word, "OK" when healthy. */
    public String ping() {
        return get("system/ping").path("status").asText("");
    }

    /** {@code GET /api/v4/users/me}: the bot itself; proves the token works. */
    public User me() {
        return as(get("users/me"), User.class);
    }

    public User user(String userId) {
        return as(get("users/" + segment(userId)), User.class);
    }

    public Channel channel(String channelId) {
        return as(get("channels/" + segment(channelId)), Channel.class);
    }

    public Team team(String teamId) {
        return as(get("teams/" + segment(teamId)), Team.class);
    }

    /** {@code POST /api/v4/posts} (201): the bot must be in the channel or hold post:all / post:channels. */
    public Post createPost(Post post) {
        return as(send("POST", "posts", post), Post.class);
    }

    /** {@code PUT /api/v4/posts/{id}/patch}: only the given fields change. */
    public Post patchPost(String postId, PostPatch patch) {
        return as(send("PUT", "posts/" + segment(postId) + "/patch", patch), Post.class);
    }

    /**
     * {@code POST /api/v4/posts/ephemeral}: a post only {@code userId} sees. Needs create_post_ephemeral,
     * which Mattermost gives only to system admins by default; expect {@link MattermostException.Kind#FORBIDDEN}.
     */
    public Post createEphemeralPost(String userId, Post post) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user_id", userId);
        body.put("post", post);
        return as(send("POST", "posts/ephemeral", body), Post.class);
    }

    /** Where the user's picture is served; it needs a Mattermost session to load (a logged-in browser has one). */
    public String userImageUrl(User user) {
        HttpUrl.Builder url = base.newBuilder().addPathSegments("users").addPathSegment(user.id()).addPathSegment("image");
        if (user.lastPictureUpdate() != null && user.lastPictureUpdate() > 0) {
            url.addQueryParameter("_", Long.toString(user.lastPictureUpdate()));
        }
        return url.build().toString();
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "MattermostClient[" + base + "]"; // never the token
    }

    private JsonNode get(String path) {
        return exchange.run(request(path).get().build(), "GET /api/v4/" + path);
    }

    private JsonNode send(String method, String path, Object body) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write request body as JSON", e);
        }
        Request request = request(path).method(method, RequestBody.create(bytes, JSON)).build();
        return exchange.run(request, method + " /api/v4/" + path);
    }

    private Request.Builder request(String path) {
        return new Request.Builder()
                .url(base.newBuilder().addPathSegments(path).build())
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .header("User-Agent", "prochat-rtc");
    }

    private <T> T as(JsonNode node, Class<T> type) {
        try {
            return json.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MattermostException(MattermostException.Kind.BAD_RESPONSE, 200, null,
                    "Mattermost answered with JSON that is not a " + type.getSimpleName(), null, null, e);
        }
    }

    /** Ids go into paths; anything but Mattermost's id alphabet would change the path, so refuse it. */
    private static String segment(String id) {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("not a Mattermost id: " + (id.length() > 64 ? id.substring(0, 64) + "…" : id));
        }
        return id;
    }

    /** Timeouts, retries and (for tests) time. Defaults: connect 5 s, read 10 s, {@link RetryPolicy#background()}. */
    public static final class Builder {
        private final String baseUrl;
        private final String botToken;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(10);
        private RetryPolicy retry = RetryPolicy.background();
        private Sleeper sleeper = Sleeper.REAL;
        private Clock clock = Clock.systemUTC();

        private Builder(String baseUrl, String botToken) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            this.botToken = Objects.requireNonNull(botToken, "botToken");
            if (botToken.isBlank()) {
                throw new IllegalArgumentException("the bot token is empty");
            }
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        public Builder readTimeout(Duration d) {
            this.readTimeout = d;
            return this;
        }

        public Builder retry(RetryPolicy policy) {
            this.retry = policy;
            return this;
        }

        public Builder sleeper(Sleeper s) {
            this.sleeper = s;
            return this;
        }

        /** Reads {@code X-Ratelimit-Reset} values given as epoch seconds. */
        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        public MattermostClient build() {
            return new MattermostClient(this);
        }
    }
}
