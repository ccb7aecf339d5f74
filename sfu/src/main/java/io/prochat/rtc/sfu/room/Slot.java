package io.prochat.rtc.sfu.room;

import io.prochat.rtc.sfu.sdp.Extmap;
import io.prochat.rtc.sfu.sdp.MediaDescription;

import java.util.Set;
import java.util.stream.Collectors;

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
    /**
     * The header extensions (URIs) the client's offer had on this m-line; null for slots we offer. An answer may use
     * only those (RFC 8285 §6): Firefox offers abs-send-time on video only and refuses an answer adding it to audio.
     */
    final Set<String> offeredExtensions;
    Track track;

    private Slot(String mid, String media, TrackKind own, MediaDescription refused, Set<String> offeredExtensions) {
        this.mid = mid;
        this.media = media;
        this.own = own;
        this.refused = refused;
        this.application = "application".equals(media) && own == null && refused == null;
        this.offeredExtensions = offeredExtensions;
    }

    private Slot(String mid, String media, TrackKind own, MediaDescription refused) {
        this(mid, media, own, refused, null);
    }

    static Slot application(String mid) {
        return new Slot(mid, "application", null, null);
    }

    /** The client's own m-line {@code m}, sending {@code kind}. */
    static Slot own(MediaDescription m, String mid, TrackKind kind) {
        Set<String> offered = m.attributes(Extmap.class).stream().map(Extmap::uri).collect(Collectors.toUnmodifiableSet());
        return new Slot(mid, kind.media(), kind, null, offered);
    }

    /** May an answer on this m-line carry the extension {@code uri}? */
    boolean answersExtension(String uri) {
        return offeredExtensions == null || offeredExtensions.contains(uri);
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
