package io.prochat.rtc.gateway.command;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.prochat.rtc.gateway.api.ApiException;
import io.prochat.rtc.gateway.config.MattermostConfig;
import io.prochat.rtc.gateway.metrics.GatewayMetrics;
import io.prochat.rtc.mattermost.command.CommandRequest;
import io.prochat.rtc.mattermost.command.CommandResponse;

import java.util.EnumMap;
import java.util.Map;

/**
 * {@code POST /mattermost/commands/huddle} and {@code /mattermost/commands/meet}: the form Mattermost sends
 * for a custom slash command, checked against the command's token (401 otherwise), answered with the JSON
 * Mattermost reads. A command whose token is not configured answers 503: it is off. Everything after the
 * token check answers 200, because Mattermost shows anything else as a bare error.
 */
public final class SlashCommandsApi {
    private final Map<SlashCommand, CommandTokens> tokens = new EnumMap<>(SlashCommand.class);
    private final CommandReplies replies;
    private final GatewayMetrics metrics;

    public SlashCommandsApi(MattermostConfig config, CommandReplies replies, GatewayMetrics metrics) {
        this.replies = replies;
        this.metrics = metrics;
        if (!config.huddleCommandToken().isEmpty()) {
            tokens.put(SlashCommand.HUDDLE, new CommandTokens(config.huddleCommandToken()));
        }
        if (!config.meetCommandToken().isEmpty()) {
            tokens.put(SlashCommand.MEET, new CommandTokens(config.meetCommandToken()));
        }
    }

    public void register(RoutesConfig routes) {
        for (SlashCommand command : SlashCommand.values()) {
            routes.post(command.path(), ctx -> handle(ctx, command));
        }
    }

    private void handle(Context ctx, SlashCommand command) {
        CommandTokens expected = tokens.get(command);
        if (expected == null) {
            throw new ApiException(503, "command_disabled", "/" + command.trigger
                    + " is off on this gateway: set [Mattermost] " + command.tokenKey + " to the command's token", null);
        }
        String type = ctx.contentType() == null ? "" : ctx.contentType().split(";", 2)[0].trim();
        if (!type.equalsIgnoreCase("application/x-www-form-urlencoded")) {
            throw new ApiException(415, "unsupported_media_type",
                    "a slash command is a form: Content-Type must be application/x-www-form-urlencoded", null);
        }
        CommandRequest request = CommandRequest.fromForm(ctx.formParamMap());
        if (!expected.accepts(ctx.header("Authorization"), request.token())) {
            ctx.header("WWW-Authenticate", "Token realm=\"prochat-rtc\"");
            throw new ApiException(401, "unauthorized", "the slash command's token is missing or wrong: copy it "
                    + "from Mattermost's Slash Commands page into [Mattermost] " + command.tokenKey, null);
        }
        if (request.userId().isEmpty() || request.channelId().isEmpty()) {
            throw new ApiException(400, "missing_field", "user_id and channel_id are required", null);
        }
        String refused = ChatFields.problem(
                "user_id", request.userId(), ChatFields.MAX_ID, "channel_id", request.channelId(), ChatFields.MAX_ID,
                "team_id", request.teamId(), ChatFields.MAX_ID, "user_name", request.userName(), ChatFields.MAX_NAME,
                "channel_name", request.channelName(), ChatFields.MAX_NAME, "team_domain", request.teamDomain(),
                ChatFields.MAX_NAME, "text", request.text(), ChatFields.MAX_TEXT);
        if (refused != null) {
            metrics.slashCommand(command.trigger, "refused");
            ctx.json(CommandResponse.ephemeral("/" + command.trigger + " could not use this: " + refused + "."));
            return;
        }
        CommandText.Parsed parsed = CommandText.parse(request.text(), command == SlashCommand.MEET);
        CommandResponse answer;
        if (parsed instanceof CommandText.Start start) {
            answer = replies.start(command, request, start);
        } else if (parsed instanceof CommandText.Status) {
            answer = replies.status(command, request);
        } else if (parsed instanceof CommandText.End) {
            answer = replies.end(command, request);
        } else {
            answer = replies.help(command, ((CommandText.Help) parsed).problem());
        }
        metrics.slashCommand(command.trigger, parsed.name());
        ctx.json(answer);
    }
}
