package io.prochat.rtc.gateway.chat;

import io.prochat.rtc.gateway.calls.Call;
import io.prochat.rtc.gateway.calls.CallListener;
import io.prochat.rtc.gateway.calls.Participant;
import io.prochat.rtc.gateway.metrics.GatewayMetrics;
import io.prochat.rtc.gateway.store.ChatStore;
import io.prochat.rtc.mattermost.api.MattermostClient;
import io.prochat.rtc.mattermost.api.MattermostException;
import io.prochat.rtc.mattermost.api.Post;
import io.prochat.rtc.mattermost.api.PostPatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The bot's part in a card's life. It posts the card (so the bot, not the user, is its author and may edit
 * it) and, when the call ends by any path, rewrites it on a thread of its own with retries. A card that
 * cannot be rewritten is logged and counted; the call's record is never touched by this.
 */
public final class CardBot implements CallListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CardBot.class);

    private final MattermostClient interactive;
    private final MattermostClient background;
    private final ChatStore store;
    private final CallCards cards;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mattermost-cards");
        t.setDaemon(true);
        return t;
    });

    /** @param interactive for a user who waits; @param background for work nobody waits on */
    public CardBot(MattermostClient interactive, MattermostClient background, ChatStore store, CallCards cards,
                   GatewayMetrics metrics, Clock clock) {
        this.interactive = interactive;
        this.background = background;
        this.store = store;
        this.cards = cards;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Posts the active card as the bot and remembers it; throws {@link MattermostException} when Mattermost
     * refuses or is down. A card posted but not recorded (store failure) is logged: it will not follow its call.
     */
    public Post post(Call call, CallCards.Card card) {
        Post post = interactive.createPost(Post.create(call.channelId(), card.message(), card.props()));
        try {
            store.savePost(call.id(), post.id(), call.channelId(), clock.instant().truncatedTo(ChronoUnit.MILLIS));
            metrics.mattermostCard("posted");
        } catch (RuntimeException e) {
            metrics.mattermostCard("unrecorded");
            log.error("card {} of call {} posted but not recorded; it will not follow the call: {}", post.id(),
                    call.id(), e.getMessage());
        }
        return post;
    }

    /** Why the bot could not do something, in words for the user who asked. */
    public static String whyNot(MattermostException e) {
        return switch (e.kind()) {
            case UNREACHABLE -> "Mattermost's API did not answer";
            case UNAUTHORIZED -> "Mattermost refused the bot's token";
            case FORBIDDEN -> "the bot may not post here; add it to this channel";
            case RATE_LIMITED -> "Mattermost is rate-limiting the bot";
            case NOT_FOUND -> "Mattermost does not know this channel";
            default -> "Mattermost answered " + e.status();
        };
    }

    @Override
    public void onEnded(Call call, List<Participant> participants) {
        try {
            worker.execute(() -> rewrite(call, participants));
        } catch (RejectedExecutionException e) {
            log.warn("card of call {} not updated: the gateway is shutting down", call.id());
        }
    }

    private void rewrite(Call call, List<Participant> participants) {
        try {
            Optional<ChatStore.ChatPost> post = store.post(call.id());
            if (post.isEmpty()) {
                return; // started from the API, or the card was posted as the user's reply
            }
            CallCards.Card card = cards.ended(call, participants);
            background.patchPost(post.get().postId(), PostPatch.of(card.message(), card.props()));
            store.markCardEnded(call.id(), clock.instant().truncatedTo(ChronoUnit.MILLIS));
            metrics.mattermostCard("ended");
            log.info("card of call {} rewritten: ended, {} took part", call.id(), participants.size());
        } catch (MattermostException e) {
            metrics.mattermostCard("failed");
            log.warn("card of call {} could not be rewritten ({}, status {}, {}): {}", call.id(), e.kind(), e.status(),
                    e.errorId(), e.getMessage());
        } catch (RuntimeException e) {
            metrics.mattermostCard("failed");
            log.warn("card of call {} could not be rewritten: {}", call.id(), e.toString());
        }
    }

    /** Lets pending rewrites finish (a few seconds at most), then stops. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
