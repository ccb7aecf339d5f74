package io.prochat.rtc.gateway.calls;

/** A validated request for a call. teamName and channelName only feed room naming. */
public record NewCall(CallKind requestedKind, String title, String channelId, String channelName,
                      String teamName, Person createdBy, CallNeeds needs) {
}
