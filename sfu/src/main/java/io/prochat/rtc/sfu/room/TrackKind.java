package io.prochat.rtc.sfu.room;

import java.util.Locale;

/** What a published track is, with rtcd's names on the wire (MediaMap types, rtcd.md §3.2). */
public enum TrackKind {
    MIC("voice", false),
    CAMERA("video", true),
    SCREEN("screen", true),
    SCREEN_AUDIO("screen-audio", false),
    UNKNOWN("unknown", false);

    private final String wireName;
    private final boolean video;

    TrackKind(String wireName, boolean video) {
        this.wireName = wireName;
        this.video = video;
    }

    public String wireName() {
        return wireName;
    }

    public boolean isVideo() {
        return video;
    }

    public String media() {
        return video ? "video" : "audio";
    }

    /** Accepts the wire names and our own ("mic", "camera", "screen", "screen-audio"); anything else is UNKNOWN. */
    public static TrackKind parse(String s) {
        if (s == null) {
            return UNKNOWN;
        }
        switch (s.toLowerCase(Locale.ROOT)) {
            case "voice":
            case "mic":
                return MIC;
            case "video":
            case "camera":
                return CAMERA;
            case "screen":
                return SCREEN;
            case "screen-audio":
            case "screen_audio":
                return SCREEN_AUDIO;
            default:
                return UNKNOWN;
        }
    }
}
