package io.prochat.rtc.sfu.room;

import io.prochat.rtc.sfu.media.StreamSource;

/** A published track: whose, what kind, and the stream that forwards it. */
record Track(Participant owner, TrackKind kind, StreamSource stream) {
    /** Camera and microphone share one stream id, so browsers keep them in lip sync (rtcd #188); screen is apart. */
    String streamId() {
        return kind == TrackKind.SCREEN || kind == TrackKind.SCREEN_AUDIO ? owner.id() + "-screen" : owner.id();
    }

    String trackId() {
        return kind.wireName() + "_" + owner.id();
    }
}
