package io.prochat.rtc.gateway;

import io.javalin.config.RoutesConfig;
import io.prochat.rtc.gateway.action.ActionContexts;
import io.prochat.rtc.gateway.action.ActionsApi;
import io.prochat.rtc.gateway.api.JsonBodies;
import io.prochat.rtc.gateway.calls.CallService;
import io.prochat.rtc.gateway.chat.CallCards;
import io.prochat.rtc.gateway.chat.CardBot;
import io.prochat.rtc.gateway.chat.ChannelNames;
import io.prochat.rtc.gateway.chat.ChatPeople;
import io.prochat.rtc.gateway.command.CommandReplies;
import io.prochat.rtc.gateway.command.SlashCommandsApi;
import io.prochat.rtc.gateway.config.GatewayConfig;
import io.prochat.rtc.gateway.config.MattermostConfig;
import io.prochat.rtc.gateway.metrics.GatewayMetrics;
import io.prochat.rtc.gateway.store.ChatStore;
import io.prochat.rtc.gateway.store.Database;
import io.prochat.rtc.mattermost.api.MattermostClient;
import io.prochat.rtc.mattermost.api.RetryPolicy;

import java.time.Clock;
import java.time.Duration;

/**
 * The Mattermost side, wired in one place: two bot clients (one that gives up within seconds for users
 * who wait, one that keeps retrying for work nobody waits on), the signed buttons, the slash commands, and
 * the card bot listening for ended calls. Without {@code [Mattermost] URL} there is no bot; the commands
 * still work, with cards posted as the user's reply.
 */
final class MattermostWiring implements AutoCloseable {
    static final String ACTION_KEY_NAME = "mattermost.actions.hmac-sha256";

    private final MattermostClient interactive;
    private final MattermostClient background;
    private final CardBot bot;
    private final SlashCommandsApi commands;
    private final ActionsApi actions;
    private final ChannelNames channelNames;

    MattermostWiring(GatewayConfig config, Database db, CallService calls, JsonBodies bodies, GatewayMetrics metrics,
                     Clock clock, java.util.function.BooleanSupplier catchUpTurn) {
        MattermostConfig mm = config.mattermost();
        this.interactive = mm.enabled() ? MattermostClient.builder(mm.url(), mm.botToken())
                .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(5))
                .retry(RetryPolicy.interactive()).clock(clock).build() : null;
        this.background = mm.enabled() ? MattermostClient.builder(mm.url(), mm.botToken())
                .retry(RetryPolicy.background()).clock(clock).build() : null;
        ChatStore store = new ChatStore(db);
        ActionContexts contexts = new ActionContexts(store.secret(ACTION_KEY_NAME, clock.instant()), clock,
                Duration.ofHours(mm.buttonValidityHours()));
        CallCards cards = new CallCards(config.gateway().effectivePublicUrl(config.http()), contexts);
        ChatPeople people = new ChatPeople(interactive);
        this.channelNames = new ChannelNames(interactive);
        this.bot = mm.enabled() ? new CardBot(interactive, background, store, cards, metrics, clock, calls::find,
                calls::participants).onlyWhen(catchUpTurn).startCatchUp() : null;
        if (bot != null) {
            calls.addListener(bot);
        }
        this.commands = new SlashCommandsApi(mm, new CommandReplies(calls, people, cards, bot, clock), metrics);
        this.actions = new ActionsApi(calls, contexts, people, cards, store, bodies, metrics, clock);
    }

    /** The card bot's catch-up, now (tests); nothing without a bot. */
    void catchUpCards() {
        if (bot != null) {
            bot.catchUpNow();
        }
    }

    /** Channel names for the huddle page; empty without a bot. */
    ChannelNames channelNames() {
        return channelNames;
    }

    void register(RoutesConfig routes) {
        commands.register(routes);
        actions.register(routes);
    }

    @Override
    public void close() {
        channelNames.close();
        if (bot != null) {
            bot.close();
        }
        if (interactive != null) {
            interactive.close();
            background.close();
        }
    }
}
