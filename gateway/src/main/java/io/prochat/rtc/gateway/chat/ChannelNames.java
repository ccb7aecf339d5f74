package io.prochat.rtc.gateway.chat;

import io.prochat.rtc.mattermost.api.Channel;
import io.prochat.rtc.mattermost.api.MattermostClient;
import io.prochat.rtc.mattermost.api.MattermostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A channel's display name for the huddle page ("in #design"), from Mattermost ({@code GET /api/v4/channels/{id}}).
 * The page must not wait on Mattermost: a lookup gets {@link #WAIT} and otherwise the page shows no channel, while the
 * answer, once it comes, is kept for the next person. Direct and group messages have no name worth showing. A failed
 * lookup is not kept, so a later one tries again. Without a bot there is nothing to ask.
 */
public final class ChannelNames implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChannelNames.class);
    static final Duration WAIT = Duration.ofMillis(1500);
    /** Channels remembered; past this the cache starts over (names rarely change, channels are few). */
    static final int MAX_CACHED = 4096;

    private final MattermostClient client; // null: no bot configured
    private final ConcurrentHashMap<String, CompletableFuture<Optional<String>>> cache = new ConcurrentHashMap<>();
    private final ExecutorService lookups;

    public ChannelNames(MattermostClient client) {
        this.client = client;
        this.lookups = client == null ? null : Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "channel-names");
            t.setDaemon(true);
            return t;
        });
    }

    /** The channel's display name when Mattermost tells it in time; empty otherwise (never throws). */
    public Optional<String> nameOf(String channelId) {
        if (client == null || channelId == null || channelId.isBlank()) {
            return Optional.empty();
        }
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        CompletableFuture<Optional<String>> f = cache.computeIfAbsent(channelId, id -> {
            try {
                return CompletableFuture.supplyAsync(() -> lookUp(id), lookups);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return CompletableFuture.completedFuture(Optional.empty()); // closing
            }
        });
        try {
            return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            cache.remove(channelId, f);
            return Optional.empty();
        }
    }

    private Optional<String> lookUp(String channelId) {
        try {
            Channel c = client.channel(channelId);
            boolean conversation = "D".equals(c.type()) || "G".equals(c.type());
            String name = c.displayName() == null || c.displayName().isBlank() ? c.name() : c.displayName();
            return conversation || name == null || name.isBlank() ? Optional.empty()
                    : Optional.of(ChatPeople.cut(name, ChatPeople.MAX_NAME));
        } catch (MattermostException e) {
            log.info("channel {}: name unavailable from Mattermost ({}, status {}); the join page shows none", channelId,
                    e.kind(), e.status());
            throw e;
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not a Mattermost id (a call made through the API with its own channel id)
        }
    }

    @Override
    public void close() {
        if (lookups != null) {
            lookups.shutdownNow();
        }
    }
}
