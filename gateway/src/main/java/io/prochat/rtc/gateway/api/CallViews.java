package io.prochat.rtc.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.prochat.rtc.gateway.backend.LiveRoom;
import io.prochat.rtc.gateway.backend.PersonalJoin;
import io.prochat.rtc.gateway.calls.Call;
import io.prochat.rtc.gateway.calls.CallNeeds;
import io.prochat.rtc.gateway.calls.Participant;
import io.prochat.rtc.gateway.calls.Person;

import java.time.Instant;
import java.util.List;

/** Response bodies of the Calls API. */
public final class CallViews {
    private CallViews() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CallView(String id, String kind, String requestedKind, String backend, RouteView route,
                           String title, String channelId, PersonView createdBy, CallNeeds needs, String room,
                           String joinUrl, String state, Instant createdAt, Instant endedAt, long durationSeconds,
                           List<ParticipantView> participants, List<String> warnings, LiveRoom live) {
    }

    public record RouteView(String reason, boolean fallback, String mode) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PersonView(String userId, String name, String email, String avatarUrl) {
    }

    public record ParticipantView(String userId, String name, boolean moderator, Instant joinedAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JoinView(String callId, String backend, String joinUrl, String token, Instant expiresAt,
                           boolean moderator, String roomPassword) {
    }

    /** @param next when the page is full: the {@code after} value that asks for the following page */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CallList(List<CallView> calls, String next) {
    }

    public static CallView of(Call call, List<Participant> participants, List<String> warnings, Instant now) {
        return of(call, participants, warnings, now, null);
    }

    /** {@code live}: who is in the room now (GET of one active call), null elsewhere. */
    public static CallView of(Call call, List<Participant> participants, List<String> warnings, Instant now,
                              LiveRoom live) {
        Person p = call.createdBy();
        return new CallView(call.id(), call.route().kind().wireName(), call.requestedKind().wireName(),
                call.route().backend().wireName(),
                new RouteView(call.route().reason(), call.route().fallback(), call.route().mode().configName()),
                call.title(), call.channelId(), new PersonView(p.userId(), p.name(), p.email(), p.avatarUrl()),
                call.needs(), call.room(), call.joinUrl(), call.state().wireName(), call.createdAt(), call.endedAt(),
                call.duration(now).toSeconds(),
                participants == null ? null : participants.stream()
                        .map(x -> new ParticipantView(x.person().userId(), x.person().name(), x.moderator(), x.joinedAt()))
                        .toList(),
                warnings == null || warnings.isEmpty() ? null : warnings, live);
    }

    public static JoinView of(Call call, PersonalJoin join) {
        return new JoinView(call.id(), call.route().backend().wireName(), join.joinUrl(), join.token(),
                join.expiresAt(), join.moderator(), join.roomPassword());
    }
}
