package io.prochat.rtc.mattermost.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.prochat.rtc.mattermost.action.Attachment;
import io.prochat.rtc.mattermost.action.PostAction;
import io.prochat.rtc.testing.mattermost.MattermostStub;
import io.prochat.rtc.testing.mattermost.Recorded;
import io.prochat.rtc.testing.mattermost.StubUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The client against a Mattermost-shaped stub: exact requests, typed errors, retries, no token in logs. */
class MattermostClientTest {
    private MattermostStub mm;
    private final List<Duration> waits = new ArrayList<>();
    private MattermostClient client;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void start() {
        mm = MattermostStub.start();
        client = client(MattermostStub.BOT_TOKEN);
        logs.start();
        ((Logger) LoggerFactory.getLogger(MattermostClient.class)).addAppender(logs);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(MattermostClient.class)).detachAppender(logs);
        client.close();
        mm.close();
    }

    private MattermostClient client(String token) {
        return MattermostClient.builder(mm.url(), token).sleeper(waits::add)
                .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2)).build();
    }

    @Test
    void createPostSendsBearerTokenAndSnakeCaseJsonAndReadsTheCreatedPost() {
        var button = PostAction.button("join", "Join", "primary", "http://gw/mattermost/actions", Map.of("call", "c1"));
        var attachment = new Attachment("Huddle", "#3DB887", null, "text", "Huddle: standup", null,
                List.of(new Attachment.Field("Kind", "huddle", true)), null, List.of(button));
        Post created = client.createPost(Post.create(mm.channel.id(), "hello", Map.of("attachments", List.of(attachment))));

        assertThat(created.id()).hasSize(26);
        assertThat(created.userId()).isEqualTo(mm.bot.id());
        assertThat(created.type()).isEqualTo("slack_attachment");
        assertThat(created.createAt()).isPositive();

        Recorded r = mm.requests("POST", "/api/v4/posts").get(0);
        assertThat(r.authorization()).isEqualTo("Bearer " + MattermostStub.BOT_TOKEN);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.accept()).isEqualTo("application/json");
        var body = r.json();
        assertThat(body.fieldNames()).toIterable().containsExactly("channel_id", "message", "props");
        var sent = body.at("/props/attachments/0");
        assertThat(sent.path("title").asText()).isEqualTo("Huddle: standup");
        assertThat(sent.at("/fields/0/short").asBoolean()).isTrue();
        assertThat(sent.at("/actions/0/type").asText()).isEqualTo("button");
        assertThat(sent.at("/actions/0/integration/url").asText()).isEqualTo("http://gw/mattermost/actions");
        assertThat(sent.at("/actions/0/integration/context/call").asText()).isEqualTo("c1");
    }

    @Test
    void patchPostSendsOnlyTheGivenFields() {
        Post created = client.createPost(Post.create(mm.channel.id(), "started", Map.of()));
        Post patched = client.patchPost(created.id(), PostPatch.of("ended", Map.of("k", "v")));

        assertThat(patched.message()).isEqualTo("ended");
        assertThat(patched.editAt()).isPositive();
        Recorded r = mm.requests("PUT", "/api/v4/posts/" + created.id() + "/patch").get(0);
        assertThat(r.body()).isEqualTo("{\"message\":\"ended\",\"props\":{\"k\":\"v\"}}");
    }

    @Test
    void readsUsersChannelsTeamsAndPing() {
        StubUser alice = mm.addUser(StubUser.of("alice", "Alice", "Anderson"));
        User u = client.user(alice.id());
        assertThat(u.displayName()).isEqualTo("Alice Anderson");
        assertThat(u.email()).isEqualTo("alice@example.org");
        assertThat(u.isSystemAdmin()).isFalse();
        assertThat(client.userImageUrl(u)).isEqualTo(mm.url() + "/api/v4/users/" + alice.id() + "/image?_=" + u.lastPictureUpdate());
        assertThat(client.me().isBot()).isTrue();
        assertThat(client.channel(mm.channel.id()).name()).isEqualTo("town-square");
        assertThat(client.team(mm.channel.teamId()).name()).isEqualTo("acme");
        assertThat(client.ping()).isEqualTo("OK");
    }

    @Test
    void mattermostErrorJsonBecomesATypedException() {
        assertThatThrownBy(() -> client.user("zzzzzzzzzzzzzzzzzzzzzzzzzz"))
                .isInstanceOfSatisfying(MattermostException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MattermostException.Kind.NOT_FOUND);
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.errorId()).isEqualTo("app.user.missing_account.const");
                    assertThat(e.getMessage()).contains("Unable to find the user.");
                    assertThat(e.requestId()).hasSize(26);
                });
        assertThatThrownBy(() -> client.createEphemeralPost(mm.bot.id(), Post.create(mm.channel.id(), "x", null)))
                .isInstanceOfSatisfying(MattermostException.class,
                        e -> assertThat(e.kind()).isEqualTo(MattermostException.Kind.FORBIDDEN));
        try (MattermostClient wrong = client("not-the-token")) {
            assertThatThrownBy(wrong::me).isInstanceOfSatisfying(MattermostException.class, e -> {
                assertThat(e.kind()).isEqualTo(MattermostException.Kind.UNAUTHORIZED);
                assertThat(e.errorId()).isEqualTo("api.context.session_expired.app_error");
            });
        }
        assertThat(waits).isEmpty();
    }

    @Test
    void a429IsRetriedOnceAfterTheAdvertisedReset() {
        mm.rateLimitOnce("POST", "/api/v4/posts", 3);

        Post created = client.createPost(Post.create(mm.channel.id(), "hi", null));

        assertThat(created.id()).isNotBlank();
        assertThat(waits).containsExactly(Duration.ofSeconds(3));
        assertThat(mm.requests("POST", "/api/v4/posts")).hasSize(2);
    }

    @Test
    void a429AskingForMoreThanTheCallerAllowsFailsAtOnce() {
        mm.rateLimitOnce("GET", "/api/v4/users/me", 30);
        try (MattermostClient quick = MattermostClient.builder(mm.url(), MattermostStub.BOT_TOKEN)
                .retry(RetryPolicy.interactive()).sleeper(waits::add).build()) {
            assertThatThrownBy(quick::me).isInstanceOfSatisfying(MattermostException.class,
                    e -> assertThat(e.kind()).isEqualTo(MattermostException.Kind.RATE_LIMITED));
        }
        assertThat(waits).isEmpty();
    }

    @Test
    void serverErrorsBackOffAndThenSucceed() {
        mm.failOnce("GET", "/api/v4/users/me", 503, "api.server.unavailable", "unavailable");

        assertThat(client.me().username()).isEqualTo("prochat");
        assertThat(waits).containsExactly(Duration.ofMillis(500));
    }

    @Test
    void aMattermostThatIsDownIsUnreachableAfterTheRetriesAndTheTokenIsNeverLogged() {
        mm.stop();

        assertThatThrownBy(client::me).isInstanceOfSatisfying(MattermostException.class, e -> {
            assertThat(e.kind()).isEqualTo(MattermostException.Kind.UNREACHABLE);
            assertThat(e.status()).isZero();
            assertThat(e.getMessage()).doesNotContain(MattermostStub.BOT_TOKEN);
        });
        assertThat(waits).hasSize(RetryPolicy.background().maxAttempts() - 1);
        assertThat(logs.list).isNotEmpty();
        assertThat(logs.list).allSatisfy(event -> assertThat(event.getFormattedMessage()).doesNotContain(MattermostStub.BOT_TOKEN));
        assertThat(client.toString()).doesNotContain(MattermostStub.BOT_TOKEN);
    }
}
