package io.prochat.rtc.sfu.room;

import io.prochat.rtc.sfu.sdp.MediaDescription;

/**
 * One m-line of a participant's session, kept for the life of the session (Unified Plan never removes an m-line).
 * Either the participant's own send-only transceiver ({@link #own} set), a slot for someone else's track
 * ({@link #track} set, or null while free: inactive, and reused for the next track of the same media), or an m-line
 * of the client's offer we refused ({@link #refused} set; always answered with port 0). Control thread only.
 */
final class Slot {
    final String mid;
    final String media;
    final TrackKind own;
    final MediaDescription refused;
    final boolean application;
    Track track;

    private Slot(String mid, String media, TrackKind own, MediaDescription refused) {
        this.mid = mid;
        this.media = media;
        this.own = own;
        this.refused = refused;
        this.application = "application".equals(media) && own == null && refused == null;
    }

    static Slot application(String mid) {
        return new Slot(mid, "application", null, null);
    }

    static Slot own(String mid, TrackKind kind) {
        return new Slot(mid, kind.media(), kind, null);
    }

    static Slot remote(String mid, String media) {
        return new Slot(mid, media, null, null);
    }

    static Slot refused(MediaDescription m) {
        return new Slot(m.mid().orElse(""), m.media(), null, m);
    }

    boolean isRemote() {
        return own == null && refused == null && !application;
    }
}
