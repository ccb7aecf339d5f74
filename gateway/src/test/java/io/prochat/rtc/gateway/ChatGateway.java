package io.prochat.rtc.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prochat.rtc.gateway.config.GatewayConfig;
import io.prochat.rtc.gateway.config.MattermostConfig;
import io.prochat.rtc.gateway.config.RoutingMode;
import io.prochat.rtc.testing.mattermost.Click;
import io.prochat.rtc.testing.mattermost.CommandForm;
import io.prochat.rtc.testing.mattermost.MattermostStub;
import io.prochat.rtc.testing.mattermost.Recorded;
import io.prochat.rtc.testing.mattermost.StubUser;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * A real gateway wired to a Mattermost stub: slash commands sent as Mattermost sends them, clicks as
 * Mattermost relays them, and the bot's requests recorded by the stub.
 */
public final class ChatGateway implements AutoCloseable {
    public static final String HUDDLE_TOKEN = "huddle-token-9f2kq7xm3pw5rn8c";
    public static final String MEET_TOKEN = "meet-token-4hb6ty1zs0ve2gja";

    public final MattermostStub mm;
    public final Gateway gateway;
    public final ApiClient api;
    public final StubUser alice;
    public final StubUser bob;

    private ChatGateway(MattermostStub mm, Gateway gateway) {
        this.mm = mm;
        this.gateway = gateway;
        this.api = new ApiClient("http://127.0.0.1:" + gateway.port(), TestGateway.API_KEY);
        this.alice = mm.addUser(StubUser.of("alice", "Alice", "Anderson"));
        this.bob = mm.addUser(StubUser.of("bob", "Bob", "Brown"));
    }

    /** With a bot (the stub), both commands on, the system clock. */
    public static ChatGateway start(Path dir) {
        return start(dir, Clock.systemUTC(), true);
    }

    public static ChatGateway start(Path dir, Clock clock, boolean withBot) {
        return start(dir, clock, withBot, MattermostStub.start());
    }

    /** With a Mattermost stub that outlives this gateway (a restart on the same store meets the same server). */
    public static ChatGateway start(Path dir, Clock clock, boolean withBot, MattermostStub mm) {
        return start(dir, clock, withBot, mm, false);
    }

    /** With a bot and huddle rooms on the SFU (the join page's tests: the channel's name comes from the stub). */
    public static ChatGateway startWithHuddles(Path dir) {
        return start(dir, Clock.systemUTC(), true, MattermostStub.start(), true);
    }

    private static ChatGateway start(Path dir, Clock clock, boolean withBot, MattermostStub mm, boolean huddleRooms) {
        GatewayConfig base = TestGateway.config(dir, RoutingMode.HYBRID, List.of(TestGateway.API_KEY), 65536);
        MattermostConfig chat = new MattermostConfig(withBot ? mm.url() : "", withBot ? MattermostStub.BOT_TOKEN : "",
                HUDDLE_TOKEN, MEET_TOKEN, 24);
        GatewayConfig config = new GatewayConfig(base.http(), base.rtc(), base.logger(), base.store(), base.gateway(),
                base.jitsi(), chat);
        PrintStream console = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        // huddle rooms off unless asked: most of these tests check huddles' signed Jitsi links (the fallback)
        return new ChatGateway(mm, Gateway.start(config, clock, console, huddleRooms));
    }

    public String url() {
        return "http://127.0.0.1:" + gateway.port();
    }

    /** Runs the card bot's catch-up now (the gateway runs it every half minute on its own). */
    public void catchUpCards() {
        gateway.catchUpCards();
    }

    /** {@code /huddle <text>} or {@code /meet <text>} typed by {@code user} in the stub's channel. */
    public CommandForm form(String command, String text, StubUser user) {
        String token = command.equals("/meet") ? MEET_TOKEN : HUDDLE_TOKEN;
        return CommandForm.typed(command, text, token, user, mm.channel, mm.url());
    }

    public ApiClient.Answer send(CommandForm form) {
        String path = "/mattermost/commands/" + form.field("command").substring(1);
        HttpRequest.Builder b = api.unauthenticated(path).POST(HttpRequest.BodyPublishers.ofString(form.body()));
        form.headers().forEach(b::header);
        return api.send(b);
    }

    public ApiClient.Answer command(String command, String text, StubUser user) {
        return send(form(command, text, user));
    }

    /** Posts a click to its integration URL, as Mattermost's server does. */
    public ApiClient.Answer click(Click click) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(click.url())).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(click.body().toString()));
        return api.send(b);
    }

    /** The one card the bot posted so far. */
    public String onlyCardPostId() {
        List<Recorded> posts = mm.requests("POST", "/api/v4/posts");
        if (posts.size() != 1) {
            throw new AssertionError("expected one card, got " + posts.size());
        }
        return mm.storedPosts().keySet().iterator().next();
    }

    public JsonNode call(String id) {
        return api.get("/api/v1/calls/" + id).json();
    }

    /** Polls until {@code done} holds; the card bot works on a thread of its own. */
    public static <T> T eventually(Supplier<T> value, java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        T v = value.get();
        while (!done.test(v) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            v = value.get();
        }
        return v;
    }

    public static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void close() {
        gateway.close();
        mm.close();
    }
}
