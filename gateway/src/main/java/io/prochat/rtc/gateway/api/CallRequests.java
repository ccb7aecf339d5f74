package io.prochat.rtc.gateway.api;

/** Request bodies of the Calls API, exactly as they arrive; {@link CallRequestValidator} checks them. */
public final class CallRequests {
    private CallRequests() {
    }

    public record CreateCall(String channelId, String channelName, String teamName, String title, String kind,
                             PersonBody createdBy, NeedsBody needs) {
    }

    public record PersonBody(String userId, String name, String email, String avatarUrl) {
    }

    public record NeedsBody(Boolean recording, Boolean externalGuests, Integer expectedParticipants,
                            Boolean lobby, Boolean password) {
    }

    public record Join(String userId, String name, String email, String avatarUrl, Boolean moderator) {
    }
}
