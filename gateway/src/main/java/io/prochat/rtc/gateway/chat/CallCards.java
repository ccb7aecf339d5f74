package io.prochat.rtc.gateway.chat;

import io.prochat.rtc.gateway.action.ActionContexts;
import io.prochat.rtc.gateway.calls.Backend;
import io.prochat.rtc.gateway.calls.Call;
import io.prochat.rtc.gateway.calls.CallKind;
import io.prochat.rtc.gateway.calls.CallNeeds;
import io.prochat.rtc.gateway.calls.Participant;
import io.prochat.rtc.mattermost.action.Attachment;
import io.prochat.rtc.mattermost.action.PostAction;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The card that shows a call in its channel: one attachment with Join and End buttons while it runs,
 * rewritten without buttons, with duration and who took part, when it ends. Attachments (not Mattermost
 * Blocks) because every server version renders them.
 */
public final class CallCards {
    public static final String ACTIONS_PATH = "/mattermost/actions";
    public static final String JOIN = "join";
    public static final String END = "end";
    /** Names the call in the post's props, for people and tools reading posts. */
    public static final String CALL_PROP = "prochat_call_id";
    static final String ACTIVE_COLOR = "#3DB887";
    static final String ENDED_COLOR = "#8A8A8A";

    private final String actionUrl;
    private final ActionContexts contexts;

    /** @param publicUrl where Mattermost's server reaches the gateway ({@code [Gateway] PublicURL}) */
    public CallCards(String publicUrl, ActionContexts contexts) {
        this.actionUrl = publicUrl.replaceAll("/+$", "") + ACTIONS_PATH;
        this.contexts = contexts;
    }

    /** A card: the post's message, its attachments, and the other props it carries. */
    public record Card(String message, List<Attachment> attachments, Map<String, Object> extraProps) {
        /** Everything for a post's {@code props}: attachments included. */
        public Map<String, Object> props() {
            Map<String, Object> props = new LinkedHashMap<>(extraProps);
            props.put("attachments", attachments);
            return props;
        }
    }

    public Card active(Call call) {
        List<Attachment.Field> fields = new ArrayList<>();
        fields.add(new Attachment.Field("Runs on", backendWord(call.route().backend())
                + (call.route().fallback() ? " (fallback)" : ""), true));
        String features = features(call.needs());
        if (!features.isEmpty()) {
            fields.add(new Attachment.Field("With", features, true));
        }
        List<PostAction> actions = List.of(
                PostAction.button(JOIN, "Join", "primary", actionUrl, contexts.sign(call.id(), JOIN)),
                PostAction.button(END, "End", "danger", actionUrl, contexts.sign(call.id(), END)));
        Attachment a = new Attachment(
                plainHeading(call) + ", started by " + call.createdBy().name(),
                ACTIVE_COLOR, null,
                "Started by **" + Markdown.escape(call.createdBy().name()) + "**. **Join** gives you a link of your own.",
                heading(call), null, fields, "ProChat RTC", actions);
        return new Card("", List.of(a), Map.of(CALL_PROP, call.id()));
    }

    public Card ended(Call call, List<Participant> participants) {
        String lasted = duration(call.duration(call.endedAt()));
        String plainNames = participants.isEmpty() ? "nobody joined"
                : participants.stream().map(p -> p.person().name()).collect(Collectors.joining(", "));
        String names = participants.isEmpty() ? "nobody joined"
                : participants.stream().map(p -> Markdown.escape(p.person().name())).collect(Collectors.joining(", "));
        List<Attachment.Field> fields = List.of(
                new Attachment.Field("Duration", lasted, true),
                new Attachment.Field("Took part", names, true));
        Attachment a = new Attachment(
                plainHeading(call) + " ended after " + lasted + ". Took part: " + plainNames,
                ENDED_COLOR, null,
                "Started by **" + Markdown.escape(call.createdBy().name()) + "**; ended after **" + lasted + "**.",
                heading(call) + " (ended)", null, fields, "ProChat RTC", null);
        return new Card("", List.of(a), Map.of(CALL_PROP, call.id()));
    }

    /** "huddle" or "meeting": what routing made of it, which is what people were promised. */
    public static String kindWord(Call call) {
        return call.route().kind() == CallKind.MEETING ? "meeting" : "huddle";
    }

    /** "Huddle: standup", or just "Huddle" without a topic, as Markdown: the topic is escaped ({@link Markdown}). */
    public static String heading(Call call) {
        String kind = capitalized(kindWord(call));
        return call.title() == null || call.title().isBlank() ? kind : kind + ": " + Markdown.escape(call.title());
    }

    /** {@link #heading} as plain text, for notification fallbacks, which Mattermost does not render. */
    public static String plainHeading(Call call) {
        String kind = capitalized(kindWord(call));
        return call.title() == null || call.title().isBlank() ? kind : kind + ": " + call.title();
    }

    public static String backendWord(Backend backend) {
        return backend == Backend.JITSI ? "Jitsi" : "ProChat SFU";
    }

    /** "45 s", "12 min 3 s", "2 h 5 min": exact enough for a chat card. */
    public static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min" + (s % 60 == 0 ? "" : " " + (s % 60) + " s");
        }
        return (s / 3600) + " h" + ((s % 3600) / 60 == 0 ? "" : " " + (s % 3600) / 60 + " min");
    }

    static String features(CallNeeds needs) {
        List<String> f = new ArrayList<>();
        if (needs.recording()) {
            f.add("recording");
        }
        if (needs.externalGuests()) {
            f.add("guests");
        }
        if (needs.password()) {
            f.add("password");
        }
        if (needs.lobby()) {
            f.add("lobby");
        }
        return String.join(", ", f);
    }

    static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
