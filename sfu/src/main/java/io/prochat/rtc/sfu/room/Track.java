package io.prochat.rtc.sfu.room;

import io.prochat.rtc.sfu.media.StreamSource;

/**
 * A published track: whose, what kind, the stream that forwards it, and the msid receivers see it under.
 *
 * @param streamId the MediaStream id receivers group it by
 * @param trackId the track id receivers see
 */
record Track(Participant owner, TrackKind kind, StreamSource stream, String streamId, String trackId) {
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    private static final String ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /**
     * Names as the owner's client expects them. Huddle page: camera and microphone share one stream id, so browsers
     * keep them in lip sync (rtcd #188), the screen is apart. Calls client: rtcd's names, every track in the stream
     * named by the sender's session id, track id {@code <type>_<sessionID>_<8 random>} (rtcd.md §3.3).
     */
    static Track of(Participant owner, TrackKind kind, StreamSource stream) {
        if (owner.clientNegotiates) {
            StringBuilder suffix = new StringBuilder(8);
            for (int i = 0; i < 8; i++) {
                suffix.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
            }
            return new Track(owner, kind, stream, owner.id(), kind.wireName() + "_" + owner.id() + "_" + suffix);
        }
        String streamId = kind == TrackKind.SCREEN || kind == TrackKind.SCREEN_AUDIO ? owner.id() + "-screen"
                : owner.id();
        return new Track(owner, kind, stream, streamId, kind.wireName() + "_" + owner.id());
    }
}
