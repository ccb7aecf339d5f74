package io.prochat.rtc.gateway.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.prochat.rtc.gateway.calls.Backend;
import io.prochat.rtc.gateway.calls.Call;
import io.prochat.rtc.gateway.calls.CallService;
import io.prochat.rtc.gateway.calls.CallState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.Function;

/** What the join page's pre-join screen shows, {@code GET /huddle/{callId}/info}, for the holder of a join token. */
final class HuddleInfo {
    private static final Logger LOG = LoggerFactory.getLogger(HuddleInfo.class);

    private final HuddleLocator locator;
    private final int maxParticipants;
    private final JoinTokens tokens;
    private final CallService calls;
    private final ObjectMapper json;
    private final Function<String, Optional<String>> channelNames;

    HuddleInfo(HuddleLocator locator, int maxParticipants, JoinTokens tokens, CallService calls, ObjectMapper json,
               Function<String, Optional<String>> channelNames) {
        this.locator = locator;
        this.maxParticipants = maxParticipants;
        this.tokens = tokens;
        this.calls = calls;
        this.json = json;
        this.channelNames = channelNames;
    }

    /**
     * What the page shows before joining; {@code you} is the person the link names. {@code socketUrl}: where the
     * page signals, when that is an SFU node rather than this server (null otherwise); the page asks again after a
     * lost connection, since a call whose node was lost moves to another.
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record Info(String callId, String title, String channelId, String channelName, Person you, int participants,
                int maxParticipants, String socketUrl) {
    }

    record Person(String userId, String name) {
    }

    record Refused(String error, String message) {
    }

    /**
     * {@code GET /huddle/{callId}/info} with the join token as {@code Authorization: Bearer}: the call's title, its
     * channel, how many are in it and how many it takes, for the pre-join screen. Refusals in words and stable codes:
     * 401 {@code link_invalid} or {@code link_expired}, 410 {@code call_ended}, 409 {@code not_a_huddle}. The token
     * goes in a header, not the query, so it stays out of access logs here too.
     */
    void answer(Context ctx) throws Exception {
        ctx.header("Cache-Control", "no-store").header("X-Content-Type-Options", "nosniff");
        String callId = ctx.pathParam("callId");
        String auth = ctx.header("Authorization");
        String token = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
        JoinTokens.Check check = tokens.check(token, callId);
        if (!check.ok()) {
            boolean expired = check.refusal() == JoinTokens.Refusal.EXPIRED;
            LOG.debug("huddle info refused: {}", check.refusal().code()); // neither the token nor the raw path
            refuse(ctx, 401, check.refusal().code(), expired
                    ? "this link has expired; ask for a new one in the channel"
                    : "this join link is not valid; ask for a new one in the channel");
            return;
        }
        Optional<Call> call = calls.find(callId);
        if (call.isEmpty() || call.get().state() == CallState.ENDED) {
            String why = call.isEmpty() ? null : locator.endReason(callId).orElse(null);
            refuse(ctx, 410, "call_ended", why == null ? "this call has ended" : "this call has ended: " + why);
            return;
        }
        if (call.get().route().backend() != Backend.SFU) {
            refuse(ctx, 409, "not_a_huddle", "this call does not run on the SFU");
            return;
        }
        JoinTokens.Claims you = check.claims();
        Call c = call.get();
        ctx.contentType("application/json").result(json.writeValueAsString(new Info(c.id(), c.title(), c.channelId(),
                channelNames.apply(c.channelId()).orElse(null), new Person(you.userId(), you.name()), locator.participants(c), maxParticipants,
                locator.socketUrl(c))));
    }

    private void refuse(Context ctx, int status, String code, String message) throws Exception {
        ctx.status(status).contentType("application/json").result(json.writeValueAsString(new Refused(code, message)));
    }
}
