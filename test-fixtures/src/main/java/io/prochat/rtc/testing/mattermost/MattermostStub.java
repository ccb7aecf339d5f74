package io.prochat.rtc.testing.mattermost;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Mattermost REST v4 server on a free loopback port (WireMock), answering as Mattermost does:
 * the bot's {@code users/me}, users, channels, teams, posts (create, patch, ephemeral), the ping, and
 * AppError JSON for a wrong token (401), unknown ids (404) and the ephemeral-post permission most bots
 * lack (403). Every request is recorded for tests to assert on. Scripted trouble: {@link #rateLimitOnce},
 * {@link #failOnce}, and {@link #stop()} for a Mattermost that is down.
 */
public final class MattermostStub implements AutoCloseable {
    public static final String BOT_TOKEN = "bot-token-7yq3k9x1mfdp5ssw8h4a";

    private final WireMockServer server;
    private final PostsTransformer posts = new PostsTransformer();
    private final AtomicInteger scenarios = new AtomicInteger();
    private volatile int port;
    public final StubUser bot = new StubUser(MattermostIds.newId(), "prochat", "ProChat", "", "", "system_user");
    public final StubChannel channel = StubChannel.townSquare();

    private MattermostStub() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().extensions(posts));
    }

    public static MattermostStub start() {
        MattermostStub stub = new MattermostStub();
        stub.server.start();
        stub.port = stub.server.port();
        stub.posts.botUserId(stub.bot.id());
        stub.baseline();
        return stub;
    }

    public String url() {
        return "http://127.0.0.1:" + port; // still known after stop(): a Mattermost that is down has an address
    }

    public WireMockServer server() {
        return server;
    }

    private void baseline() {
        // Anything unknown: Mattermost's 404 page error. Wrong or missing token: 401 session error.
        server.stubFor(any(urlPathMatching("/api/v4/.*")).atPriority(10)
                .willReturn(appError(404, "api.context.404.app_error", "Sorry, we could not find the page.")));
        for (var header : List.of(absent(), notContaining(BOT_TOKEN))) {
            server.stubFor(any(urlPathMatching("/api/v4/.*")).atPriority(5).withHeader("Authorization", header)
                    .willReturn(appError(401, "api.context.session_expired.app_error",
                            "Invalid or expired session, please login again.")));
        }
        server.stubFor(get(urlPathEqualTo("/api/v4/system/ping")).atPriority(1)
                .willReturn(json(200, "{\"ActiveSearchBackend\":\"database\",\"AndroidLatestVersion\":\"\","
                        + "\"AndroidMinVersion\":\"\",\"IosLatestVersion\":\"\",\"IosMinVersion\":\"\",\"status\":\"OK\"}")));
        server.stubFor(authed(get(urlPathEqualTo("/api/v4/users/me"))).willReturn(json(200, MattermostJson.user(bot, true).toString())));
        server.stubFor(authed(get(urlPathEqualTo("/api/v4/channels/" + channel.id())))
                .willReturn(json(200, MattermostJson.channel(channel).toString())));
        server.stubFor(authed(get(urlPathEqualTo("/api/v4/teams/" + channel.teamId())))
                .willReturn(json(200, MattermostJson.team(channel).toString())));
        server.stubFor(authed(get(urlPathMatching("/api/v4/users/[a-z0-9]{26}")))
                .willReturn(appError(404, "app.user.missing_account.const", "Unable to find the user.")));
        server.stubFor(authed(post(urlPathEqualTo("/api/v4/posts"))).willReturn(aResponse().withTransformers(PostsTransformer.NAME)));
        server.stubFor(authed(put(urlPathMatching("/api/v4/posts/[^/]+/patch"))).willReturn(aResponse().withTransformers(PostsTransformer.NAME)));
        server.stubFor(authed(post(urlPathEqualTo("/api/v4/posts/ephemeral")))
                .willReturn(appError(403, "api.context.permissions.app_error", "You do not have the appropriate permissions.")));
    }

    /** Makes {@code GET /api/v4/users/{id}} answer with this user. */
    public StubUser addUser(StubUser user) {
        server.stubFor(authed(get(urlPathEqualTo("/api/v4/users/" + user.id())))
                .willReturn(json(200, MattermostJson.user(user, false).toString())));
        return user;
    }

    /** Lets the bot post ephemeral messages, as if it were a system admin. */
    public void allowEphemeralPosts() {
        server.stubFor(authed(post(urlPathEqualTo("/api/v4/posts/ephemeral"))).atPriority(2)
                .willReturn(aResponse().withTransformers(PostsTransformer.NAME)));
    }

    /** The next matching request gets a 429 as Mattermost's limiter sends it; later ones pass. */
    public void rateLimitOnce(String method, String path, int resetSeconds) {
        once(method, path, aResponse().withStatus(429).withHeader("Content-Type", "text/plain; charset=utf-8")
                .withHeader("X-Ratelimit-Limit", "10").withHeader("X-Ratelimit-Remaining", "0")
                .withHeader("X-Ratelimit-Reset", Integer.toString(resetSeconds)).withBody("limit exceeded\n"));
    }

    /** The next matching request gets this AppError; later ones pass. */
    public void failOnce(String method, String path, int status, String id, String message) {
        once(method, path, appError(status, id, message));
    }

    private void once(String method, String path, ResponseDefinitionBuilder response) {
        String scenario = "once-" + scenarios.incrementAndGet();
        server.stubFor(request(method, urlPathEqualTo(path)).atPriority(1).inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("done").willReturn(response));
    }

    /** Every request received so far, oldest first. */
    public List<Recorded> requests() {
        List<Recorded> out = new ArrayList<>();
        for (LoggedRequest r : server.findAll(anyRequestedFor(urlPathMatching(".*")))) {
            out.add(Recorded.of(r));
        }
        out.sort((a, b) -> a.at().compareTo(b.at()));
        return out;
    }

    public List<Recorded> requests(String method, String pathRegex) {
        return requests().stream().filter(r -> r.method().equals(method) && r.path().matches(pathRegex)).toList();
    }

    /** A post as stored, integrations included (the API's answers leave them out). */
    public ObjectNode storedPost(String postId) {
        return posts.stored(postId);
    }

    public Map<String, ObjectNode> storedPosts() {
        return posts.all();
    }

    /** The JSON Mattermost POSTs to a button's integration URL when {@code user} clicks it. */
    public Click click(String postId, String actionId, StubUser user) {
        ObjectNode p = posts.stored(postId);
        if (p == null) {
            throw new IllegalArgumentException("no post " + postId);
        }
        for (JsonNode a : p.path("props").path("attachments")) {
            for (JsonNode action : a.path("actions")) {
                if (action.path("id").asText().equals(actionId)) {
                    return Click.of(action, user, channel, postId);
                }
            }
        }
        throw new IllegalArgumentException("post " + postId + " has no action " + actionId);
    }

    public void stop() {
        server.stop();
    }

    @Override
    public void close() {
        server.stop();
    }

    private static MappingBuilder authed(MappingBuilder b) {
        return b.atPriority(3).withHeader("Authorization", equalTo("Bearer " + BOT_TOKEN));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withHeader("X-Request-Id", MattermostIds.newId()).withHeader("X-Version-Id", "10.11.0.0.0.0.false")
                .withBody(body);
    }

    private static ResponseDefinitionBuilder appError(int status, String id, String message) {
        String requestId = MattermostIds.newId();
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withHeader("X-Request-Id", requestId)
                .withBody(MattermostJson.appError(id, message, "", requestId, status));
    }
}
