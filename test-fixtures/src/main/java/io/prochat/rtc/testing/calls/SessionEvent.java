package io.prochat.rtc.testing.calls;

import java.time.Instant;

/**
 * One entry of a {@link SessionLog}: what the plugin stand-in sent to rtcd or received from it for one session.
 * {@code detail} is the JSON payload where there is one (SDP, ICE, screen_on), else empty.
 */
public record SessionEvent(Instant at, Kind kind, String detail) {
    public enum Kind {
        SENT_JOIN, SENT_SDP, SENT_ICE, SENT_MUTE, SENT_UNMUTE, SENT_SCREEN_ON, SENT_SCREEN_OFF, SENT_LEAVE,
        SENT_RECONNECT,
        RECEIVED_SDP, RECEIVED_ICE, RECEIVED_RTC_OTHER, VOICE_ON, VOICE_OFF, CLOSE
    }

    @Override
    public String toString() {
        String d = detail.length() > 120 ? detail.substring(0, 120) + "…" : detail;
        return at + " " + kind + (d.isEmpty() ? "" : " " + d);
    }
}
