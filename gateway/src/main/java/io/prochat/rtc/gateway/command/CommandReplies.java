package io.prochat.rtc.gateway.command;

import io.prochat.rtc.gateway.calls.Call;
import io.prochat.rtc.gateway.calls.CallEndedException;
import io.prochat.rtc.gateway.calls.CallService;
import io.prochat.rtc.gateway.calls.CallState;
import io.prochat.rtc.gateway.calls.CreatedCall;
import io.prochat.rtc.gateway.calls.NewCall;
import io.prochat.rtc.gateway.chat.CallCards;
import io.prochat.rtc.gateway.chat.Markdown;
import io.prochat.rtc.gateway.chat.CardBot;
import io.prochat.rtc.gateway.chat.ChatPeople;
import io.prochat.rtc.gateway.chat.EndRights;
import io.prochat.rtc.gateway.routing.RoutingException;
import io.prochat.rtc.gateway.store.StoreException;
import io.prochat.rtc.mattermost.api.MattermostException;
import io.prochat.rtc.mattermost.command.CommandRequest;
import io.prochat.rtc.mattermost.command.CommandResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * What each sub-command does and says. Starting a call posts its card as the bot, so the bot can rewrite
 * it when the call ends, and answers the user privately; when the bot cannot post, the card becomes the
 * user's in-channel reply and the user is told it will not follow the call. Nothing here waits on
 * Mattermost for long: the bot's client on this path gives up within seconds.
 */
public final class CommandReplies {
    private static final Logger log = LoggerFactory.getLogger(CommandReplies.class);

    private final CallService calls;
    private final ChatPeople people;
    private final CallCards cards;
    private final CardBot bot; // null: no bot configured
    private final Clock clock;

    public CommandReplies(CallService calls, ChatPeople people, CallCards cards, CardBot bot, Clock clock) {
        this.calls = calls;
        this.people = people;
        this.cards = cards;
        this.bot = bot;
        this.clock = clock;
    }

    CommandResponse start(SlashCommand command, CommandRequest r, CommandText.Start s) {
        ChatPeople.Resolved who = people.resolve(r.userId(), r.userName());
        CreatedCall created;
        try {
            created = calls.create(new NewCall(command.kind, s.topic(), r.channelId(), r.channelName(), r.teamDomain(),
                    who.person(), s.needs()));
        } catch (RoutingException e) {
            return CommandResponse.ephemeral("Could not start a " + command.noun() + ": " + e.getMessage() + ".");
        } catch (StoreException e) {
            log.error("/{} start: store unavailable: {}", command.trigger, e.getMessage());
            return CommandResponse.ephemeral("Could not start a " + command.noun()
                    + ": the gateway's store is unavailable. Nothing was started.");
        }
        Call call = created.call();
        CallCards.Card card = cards.active(call);
        List<String> notes = new ArrayList<>();
        created.warnings().forEach(w -> notes.add("Note: " + w + "."));
        if (people.hasBot() && !who.fromProfile()) {
            notes.add("Your Mattermost profile was not available, so the call shows you as " + Markdown.escape(who.person().name()) + ".");
        }
        String cardStuck = null;
        if (bot != null && !who.unreachable()) {
            try {
                bot.post(call, card);
                return CommandResponse.ephemeral(started(call) + String.join("", prefixNewline(notes)));
            } catch (MattermostException e) {
                log.warn("/{}: the card of call {} could not be posted by the bot ({}, status {})", command.trigger,
                        call.id(), e.kind(), e.status());
                cardStuck = CardBot.whyNot(e);
            }
        } else if (bot != null) {
            cardStuck = "Mattermost's API did not answer";
        }
        if (cardStuck != null) {
            notes.add(0, "The ProChat bot could not post the card (" + cardStuck + "), so it is your reply instead and "
                    + "will not show when the call ends. The call itself is recorded: `/" + command.trigger
                    + " status` lists it.");
        }
        CommandResponse reply = CommandResponse.inChannel(card.message(), card.attachments(), card.extraProps());
        return notes.isEmpty() ? reply : reply.withExtra(List.of(CommandResponse.ephemeral(String.join("\n", notes))));
    }

    CommandResponse status(SlashCommand command, CommandRequest r) {
        List<Call> active = calls.list(r.channelId(), CallState.ACTIVE, 20);
        if (active.isEmpty()) {
            return CommandResponse.ephemeral("No calls are running in this channel. Start one with `/huddle [topic]` "
                    + "or `/meet [topic]`.");
        }
        StringBuilder text = new StringBuilder("**Running in this channel:**");
        for (Call call : active) {
            int joined = calls.participants(call.id()).size();
            text.append("\n* **").append(CallCards.heading(call)).append("**, started by ")
                    .append(Markdown.escape(call.createdBy().name())).append(' ')
                    .append(CallCards.duration(call.duration(clock.instant()))).append(" ago on ")
                    .append(CallCards.backendWord(call.route().backend())).append("; ")
                    .append(joined == 1 ? "1 person" : joined + " people").append(" joined");
        }
        return CommandResponse.ephemeral(text.toString());
    }

    /** Ends the newest running call of this command's kind in the channel, if the user may. */
    CommandResponse end(SlashCommand command, CommandRequest r) {
        List<Call> mine = calls.list(r.channelId(), CallState.ACTIVE, 50).stream()
                .filter(c -> c.route().kind() == command.kind).toList();
        if (mine.isEmpty()) {
            return CommandResponse.ephemeral("No " + command.noun() + " is running in this channel.");
        }
        Call newest = mine.get(0);
        if (!EndRights.mayEnd(newest, calls.participants(newest.id()), r.userId(), people, r.userName())) {
            return CommandResponse.ephemeral("**" + CallCards.heading(newest) + "** is still running. "
                    + EndRights.refusal(newest));
        }
        try {
            Call ended = calls.end(newest.id());
            return CommandResponse.ephemeral("Ended **" + CallCards.heading(ended) + "** after "
                    + CallCards.duration(ended.duration(ended.endedAt())) + ".");
        } catch (CallEndedException e) {
            return CommandResponse.ephemeral("**" + CallCards.heading(newest) + "** had already ended.");
        }
    }

    CommandResponse help(SlashCommand command, String problem) {
        return CommandResponse.ephemeral((problem == null ? "" : "Sorry: " + problem + ".\n\n") + command.help());
    }

    private static String started(Call call) {
        return "Started **" + CallCards.heading(call) + "** on " + CallCards.backendWord(call.route().backend())
                + " (" + call.route().reason() + "). Everyone here can use **Join** on the card.";
    }

    private static List<String> prefixNewline(List<String> notes) {
        return notes.stream().map(n -> "\n" + n).toList();
    }
}
