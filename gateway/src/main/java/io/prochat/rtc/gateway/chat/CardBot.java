package io.prochat.rtc.gateway.chat;

import io.prochat.rtc.gateway.calls.Backoff;
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
import java.util.function.Function;
import java.util.concurrent.ScheduledExecutorService;
import java.time.Instant;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The bot's part in a card's life. It posts the card (so the bot, not the user, is its author and may edit
 * it) and, when the call ends by any path, rewrites it on a thread of its own with retries. A card that
 * cannot be rewritten is logged and counted; the call's record is never touched by this.
 *
 * <p>The store is the outbox: a card whose call has ended but whose {@code card_ended_at} is still empty was not
 * rewritten (the gateway died right after the end's commit, or Mattermost was down). {@link #catchUp} finds those
 * at start and every {@link #CATCH_UP_INTERVAL}, and tries each again with back-off (1, 2, 4 … 30 minutes apart)
 * until {@link #MAX_ATTEMPTS}, then gives up visibly (log line with the call id, {@code abandoned} counted).
 */
public final class CardBot implements CallListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CardBot.class);

    private final MattermostClient interactive;
    private final MattermostClient background;
    private final ChatStore store;
    private final CallCards cards;
    private final GatewayMetrics metrics;
    private final Clock clock;
    static final Duration CATCH_UP_INTERVAL = Duration.ofSeconds(30);
    /** Tries of one card by the catch-up before it is given up on: about four hours of Mattermost outage. */
    static final int MAX_ATTEMPTS = 12;

    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mattermost-cards");
        t.setDaemon(true);
        return t;
    });
    private final Function<String, Optional<Call>> findCall;
    private final Function<String, List<Participant>> participants;
    /** Whether this gateway runs the scheduled catch-up now (of several on one store, the sweeper lease's holder). */
    private volatile java.util.function.BooleanSupplier myTurn = () -> true;

    /** @param interactive for a user who waits; @param background for work nobody waits on */
    public CardBot(MattermostClient interactive, MattermostClient background, ChatStore store, CallCards cards,
                   GatewayMetrics metrics, Clock clock, Function<String, Optional<Call>> findCall,
                   Function<String, List<Participant>> participants) {
        this.findCall = findCall;
        this.participants = participants;
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

    /** Runs the scheduled catch-up only while {@code myTurn} says so; the end's own rewrite does not ask. */
    public CardBot onlyWhen(java.util.function.BooleanSupplier myTurn) {
        this.myTurn = myTurn;
        return this;
    }

    @Override
    public void onEnded(Call call, List<Participant> participants) {
        try {
            worker.execute(() -> {
                try {
                    Optional<Integer> tried = store.cardAttempts(call.id());
                    if (tried.isPresent() && claim(call.id(), tried.get())) {
                        rewrite(call, participants);
                    }
                } catch (RuntimeException e) {
                    log.warn("card of call {} not rewritten now, the catch-up will: {}", call.id(), e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn("card of call {} not updated: the gateway is shutting down", call.id());
        }
    }

    /** Starts the catch-up: once soon after start, then every {@link #CATCH_UP_INTERVAL}. */
    public CardBot startCatchUp() {
        worker.scheduleWithFixedDelay(() -> {
            if (myTurn.getAsBoolean()) {
                catchUp();
            }
        }, 5, CATCH_UP_INTERVAL.toSeconds(), TimeUnit.SECONDS);
        return this;
    }

    /** Runs one catch-up now and waits for it (tests; the scheduled ones run on their own). */
    public void catchUpNow() {
        try {
            worker.submit(this::catchUp).get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("card catch-up failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Rewrites the cards of ended calls that still show them active and are due (worker thread). Each try is claimed
     * in the store first ({@link ChatStore#claimCard}), which also sets when the next may be: 1, 2, 4 … 30 minutes.
     */
    private void catchUp() {
        List<ChatStore.CardDue> due;
        try {
            due = store.cardsDue(clock.instant(), MAX_ATTEMPTS, 100);
        } catch (RuntimeException e) {
            log.warn("cards to rewrite could not be read: {}", e.toString());
            return;
        }
        for (ChatStore.CardDue card : due) {
            try {
                if (!claim(card.callId(), card.attempts())) {
                    continue; // another gateway took this try
                }
                Optional<Call> call = findCall.apply(card.callId());
                if (call.isEmpty() || rewrite(call.get(), participants.apply(card.callId()))) {
                    continue;
                }
                if (card.attempts() + 1 >= MAX_ATTEMPTS) {
                    metrics.mattermostCard("abandoned");
                    log.error("card of call {} still shows it active after {} tries; given up", card.callId(),
                            card.attempts() + 1);
                }
            } catch (RuntimeException e) {
                log.warn("card of call {}: this try failed: {}", card.callId(), e.toString());
            }
        }
    }

    private boolean claim(String callId, int attempts) {
        return store.claimCard(callId, attempts, clock.instant().plus(Backoff.afterFailedTry(attempts + 1)));
    }

    /** @return true when the card was rewritten, or there is none to rewrite */
    private boolean rewrite(Call call, List<Participant> participants) {
        try {
            Optional<ChatStore.ChatPost> post = store.post(call.id());
            if (post.isEmpty()) {
                return true; // started from the API, or the card was posted as the user's reply
            }
            CallCards.Card card = cards.ended(call, participants);
            background.patchPost(post.get().postId(), PostPatch.of(card.message(), card.props()));
            store.markCardEnded(call.id(), clock.instant().truncatedTo(ChronoUnit.MILLIS));
            metrics.mattermostCard("ended");
            log.info("card of call {} rewritten: ended, {} took part", call.id(), participants.size());
            return true;
        } catch (MattermostException e) {
            metrics.mattermostCard("failed");
            log.warn("card of call {} could not be rewritten ({}, status {}, {}): {}; tried again later", call.id(),
                    e.kind(), e.status(), e.errorId(), e.getMessage());
        } catch (RuntimeException e) {
            metrics.mattermostCard("failed");
            log.warn("card of call {} could not be rewritten: {}; tried again later", call.id(), e.toString());
        }
        return false;
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
