package io.prochat.rtc.sfu.room;

import java.util.List;
import java.util.Map;

/**
 * What the room tells one participant's client, in order. Each record carries its wire {@code type}, so a JSON
 * mapper writes it as it is.
 */
public sealed interface Signal {
    String type();

    /** Accepted: the session id to resume with after a dropped signalling connection. */
    record Joined(String type, String sessionId, String roomId) implements Signal {
        public Joined(String sessionId, String roomId) {
            this("joined", sessionId, roomId);
        }
    }

    /** The answer to the client's join offer. */
    record Answer(String type, String sdp) implements Signal {
        public Answer(String sdp) {
            this("answer", sdp);
        }
    }

    /** A server offer; {@code tracks} says, per mid, whose track the client will receive there (rtcd's MediaMap). */
    record Offer(String type, String sdp, Map<String, TrackInfo> tracks) implements Signal {
        public Offer(String sdp, Map<String, TrackInfo> tracks) {
            this("offer", sdp, Map.copyOf(tracks));
        }
    }

    /** Everyone in the room now. */
    record Roster(String type, List<Member> participants) implements Signal {
        public Roster(List<Member> participants) {
            this("participants", List.copyOf(participants));
        }
    }

    /** Voice activity: who is speaking now, and the loudest of them (null when nobody is). */
    record Speaking(String type, List<String> speaking, String activeSpeaker) implements Signal {
        public Speaking(List<String> speaking, String activeSpeaker) {
            this("speaking", List.copyOf(speaking), activeSpeaker);
        }
    }

    /** The session is over (left, removed, room closed); the client should not resume. */
    record Closed(String type, String reason) implements Signal {
        public Closed(String reason) {
            this("close", reason);
        }
    }

    /** A request was refused; {@code code} is stable, {@code message} for people. */
    record Failure(String type, String code, String message) implements Signal {
        public Failure(String code, String message) {
            this("error", code, message);
        }
    }

    /** Whose track a mid carries. */
    record TrackInfo(String sessionId, String type, String userId, String name) {
    }

    /** One participant as the others see them. */
    record Member(String sessionId, String userId, String name, boolean muted, boolean camera, boolean screen) {
    }
}
