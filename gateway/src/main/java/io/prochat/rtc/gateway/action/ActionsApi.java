package io.prochat.rtc.gateway.action;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.prochat.rtc.gateway.api.ApiException;
import io.prochat.rtc.gateway.api.JsonBodies;
import io.prochat.rtc.gateway.backend.PersonalJoin;
import io.prochat.rtc.gateway.calls.Call;
import io.prochat.rtc.gateway.calls.CallEndedException;
import io.prochat.rtc.gateway.calls.CallService;
import io.prochat.rtc.gateway.calls.CallState;
import io.prochat.rtc.gateway.calls.Participant;
import io.prochat.rtc.gateway.chat.CallCards;
import io.prochat.rtc.gateway.chat.ChatPeople;
import io.prochat.rtc.gateway.chat.EndRights;
import io.prochat.rtc.gateway.chat.Markdown;
import io.prochat.rtc.gateway.command.ChatFields;
import io.prochat.rtc.gateway.metrics.GatewayMetrics;
import io.prochat.rtc.gateway.store.ChatStore;
import io.prochat.rtc.mattermost.action.PostActionRequest;
import io.prochat.rtc.mattermost.action.PostActionResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /mattermost/actions}: clicks on a card's Join and End buttons. The click carries no
 * credentials, so the button's signed context is the proof ({@link ActionContexts}); a forged context is
 * 403, a replayed one 409. An End is single-use; a Join may be clicked by everyone, so each click is told
 * apart by Mattermost's per-click {@code trigger_id}, and the same click twice is a replay. Honest
 * refusals (expired card, ended call, not allowed to end) are 200s with text only the clicker sees.
 */
public final class ActionsApi {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final CallService calls;
    private final ActionContexts contexts;
    private final ChatPeople people;
    private final CallCards cards;
    private final ChatStore store;
    private final JsonBodies bodies;
    private final GatewayMetrics metrics;
    private final Clock clock;

    public ActionsApi(CallService calls, ActionContexts contexts, ChatPeople people, CallCards cards, ChatStore store,
                      JsonBodies bodies, GatewayMetrics metrics, Clock clock) {
        this.calls = calls;
        this.contexts = contexts;
        this.people = people;
        this.cards = cards;
        this.store = store;
        this.bodies = bodies;
        this.metrics = metrics;
        this.clock = clock;
    }

    public void register(RoutesConfig routes) {
        routes.post(CallCards.ACTIONS_PATH, this::click);
    }

    private void click(Context ctx) {
        PostActionRequest click = bodies.read(ctx, PostActionRequest.class);
        Object claimed = click.context() == null ? null : click.context().get("action");
        String action = CallCards.JOIN.equals(claimed) ? CallCards.JOIN : CallCards.END.equals(claimed) ? CallCards.END : null;
        ActionContexts.Verified verified;
        try {
            verified = contexts.verify(click.context(), action == null ? "?" : action);
        } catch (ActionContexts.Refused e) {
            if (e.expired()) {
                metrics.buttonClick(action, "expired");
                ctx.json(PostActionResponse.ephemeral("This card's buttons have expired (they work for "
                        + contexts.validity().toHours() + " h). `/huddle status` lists the calls still running."));
                return;
            }
            metrics.buttonClick(action == null ? "unknown" : action, "forged");
            throw new ApiException(403, "forbidden", "this button was not issued by this gateway: " + e.getMessage(), null);
        }
        if (blank(click.userId()) || blank(click.triggerId())) {
            throw new ApiException(400, "missing_field", "user_id and trigger_id are required", null);
        }
        String refused = ChatFields.problem("user_id", click.userId(), ChatFields.MAX_ID, "user_name", click.userName(),
                ChatFields.MAX_NAME, "channel_id", click.channelId(), ChatFields.MAX_ID, "trigger_id", click.triggerId(),
                ChatFields.MAX_TRIGGER);
        if (refused != null) {
            metrics.buttonClick(action, "refused");
            ctx.json(PostActionResponse.ephemeral("This click could not be used: " + refused + "."));
            return;
        }
        Optional<Call> found = calls.find(verified.callId());
        if (found.isEmpty()) {
            metrics.buttonClick(action, "refused");
            ctx.json(PostActionResponse.ephemeral("This call is no longer known to the gateway."));
            return;
        }
        Call call = found.get();
        if (call.channelId() != null && !call.channelId().equals(click.channelId())) {
            metrics.buttonClick(action, "forged");
            throw new ApiException(403, "forbidden", "this button belongs to another channel", null);
        }
        ctx.json(action.equals(CallCards.JOIN) ? join(call, click, verified) : end(call, click, verified));
    }

    private PostActionResponse join(Call call, PostActionRequest click, ActionContexts.Verified v) {
        if (call.state() == CallState.ENDED) {
            metrics.buttonClick(CallCards.JOIN, "refused");
            return PostActionResponse.ephemeral("**" + CallCards.heading(call) + "** has ended.");
        }
        useOnce("join:" + v.nonce() + ":" + sha256(click.triggerId()), CallCards.JOIN);
        ChatPeople.Resolved who = people.resolve(click.userId(), click.userName());
        PersonalJoin join = calls.join(call.id(), who.person(), false);
        metrics.buttonClick(CallCards.JOIN, "ok");
        StringBuilder text = new StringBuilder("Your own link to **").append(CallCards.heading(call)).append("**: [Join the ")
                .append(CallCards.kindWord(call)).append("](").append(join.joinUrl()).append(")\nIt carries your name");
        if (join.expiresAt() != null) {
            text.append(" and works until ").append(HOUR.format(join.expiresAt()));
        }
        text.append("; please do not pass it on.");
        if (join.moderator()) {
            text.append(" You are a moderator.");
        }
        if (join.roomPassword() != null) {
            text.append("\nThe room asks for a password: `").append(join.roomPassword()).append('`');
        }
        if (people.hasBot() && !who.fromProfile()) {
            text.append("\nYour Mattermost profile was not available, so you join as ").append(Markdown.escape(who.person().name())).append('.');
        }
        return PostActionResponse.ephemeral(text.toString());
    }

    private PostActionResponse end(Call call, PostActionRequest click, ActionContexts.Verified v) {
        if (call.state() == CallState.ENDED) {
            metrics.buttonClick(CallCards.END, "refused");
            return PostActionResponse.ephemeral("**" + CallCards.heading(call) + "** had already ended.");
        }
        if (!EndRights.mayEnd(call, calls.participants(call.id()), click.userId(), people, click.userName())) {
            metrics.buttonClick(CallCards.END, "refused");
            return PostActionResponse.ephemeral(EndRights.refusal(call));
        }
        String nonce = "end:" + v.nonce();
        useOnce(nonce, CallCards.END); // only now: a refused click must not use up the button
        Call ended;
        try {
            ended = calls.end(call.id());
        } catch (CallEndedException e) {
            return PostActionResponse.ephemeral("**" + CallCards.heading(call) + "** had already ended.");
        } catch (RuntimeException e) {
            store.releaseNonce(nonce); // the end did not happen (store down, say): the button must still work
            throw e;
        }
        metrics.buttonClick(CallCards.END, "ok");
        String text = "You ended **" + CallCards.heading(ended) + "** after "
                + CallCards.duration(ended.duration(ended.endedAt())) + ".";
        if (store.post(call.id()).isPresent()) {
            return PostActionResponse.ephemeral(text); // the bot rewrites its own card
        }
        // The card is a user's reply, which the bot may not edit: let Mattermost rewrite it with this answer.
        List<Participant> participants = calls.participants(call.id());
        CallCards.Card card = cards.ended(ended, participants);
        return PostActionResponse.updating(new PostActionResponse.Update(card.message(), card.props()), text);
    }

    private void useOnce(String key, String action) {
        if (!store.useNonce(key, clock.instant(), clock.instant().minus(contexts.validity()).minus(1, ChronoUnit.HOURS))) {
            metrics.buttonClick(action, "replayed");
            throw new ApiException(409, "replayed", "this click was already handled", null);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
