package io.prochat.rtc.gateway.api;

import io.prochat.rtc.gateway.calls.CallKind;
import io.prochat.rtc.gateway.calls.CallNeeds;
import io.prochat.rtc.gateway.calls.NewCall;
import io.prochat.rtc.gateway.calls.Person;

import java.net.URI;
import java.util.regex.Pattern;

/** Turns raw request bodies into validated commands, naming the first field at fault. */
public final class CallRequestValidator {
    static final int MAX_TITLE = 200;
    static final int MAX_ID = 64;
    static final int MAX_NAME = 128;
    static final int MAX_EMAIL = 254;
    static final int MAX_URL = 1000;
    static final int MAX_EXPECTED = 10_000;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    private CallRequestValidator() {
    }

    public static NewCall newCall(CallRequests.CreateCall body) {
        String kindText = body.kind() == null ? "auto" : body.kind();
        CallKind kind = CallKind.parseOrNull(kindText);
        if (kind == null) {
            throw ApiException.invalid("kind", "kind must be one of auto, huddle, meeting");
        }
        String title = optionalText("title", body.title(), MAX_TITLE);
        String channelId = optionalText("channelId", body.channelId(), MAX_ID);
        String channelName = optionalText("channelName", body.channelName(), MAX_NAME);
        String teamName = optionalText("teamName", body.teamName(), MAX_NAME);
        if (body.createdBy() == null) {
            throw ApiException.missing("createdBy");
        }
        Person createdBy = person("createdBy.", body.createdBy().userId(), body.createdBy().name(),
                body.createdBy().email(), body.createdBy().avatarUrl());
        return new NewCall(kind, title, channelId, channelName, teamName, createdBy, needs(body.needs()));
    }

    public static Person joiner(CallRequests.Join body) {
        return person("", body.userId(), body.name(), body.email(), body.avatarUrl());
    }

    private static CallNeeds needs(CallRequests.NeedsBody n) {
        if (n == null) {
            return CallNeeds.NONE;
        }
        Integer expected = n.expectedParticipants();
        if (expected != null && (expected < 1 || expected > MAX_EXPECTED)) {
            throw ApiException.invalid("needs.expectedParticipants",
                    "needs.expectedParticipants must be between 1 and " + MAX_EXPECTED);
        }
        return new CallNeeds(isTrue(n.recording()), isTrue(n.externalGuests()), expected,
                isTrue(n.lobby()), isTrue(n.password()));
    }

    private static Person person(String prefix, String userId, String name, String email, String avatarUrl) {
        String id = requiredText(prefix + "userId", userId, MAX_ID);
        String displayName = requiredText(prefix + "name", name, MAX_NAME);
        String mail = optionalText(prefix + "email", email, MAX_EMAIL);
        if (mail != null && !EMAIL.matcher(mail).matches()) {
            throw ApiException.invalid(prefix + "email", prefix + "email is not an email address");
        }
        String avatar = optionalText(prefix + "avatarUrl", avatarUrl, MAX_URL);
        if (avatar != null && !isHttpUrl(avatar)) {
            throw ApiException.invalid(prefix + "avatarUrl", prefix + "avatarUrl must be an http(s) URL");
        }
        return new Person(id, displayName, mail, avatar);
    }

    private static String requiredText(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw ApiException.missing(field);
        }
        return optionalText(field, value, max);
    }

    private static String optionalText(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.strip();
        String problem = TextRules.problem(trimmed, max);
        if (problem != null) {
            throw ApiException.invalid(field, field + " " + problem);
        }
        return trimmed;
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() && ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static boolean isTrue(Boolean b) {
        return Boolean.TRUE.equals(b);
    }
}
