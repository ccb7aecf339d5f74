package io.prochat.rtc.testing.calls;

/**
 * A message rtcd sends to the plugin on {@code /ws} (research/rtcd.md §2.4), as {@link RtcdWire#decode} reads it.
 */
public sealed interface RtcdFrame {
    /** Sent first on every connection. */
    record Hello(String clientId, String connId) implements RtcdFrame {
    }

    /** Server SDP (type 2) or ICE (type 1) for a session. */
    record Rtc(RtcMessage message) implements RtcdFrame {
    }

    /** Voice activity: type 7 (on) or 8 (off). */
    record Vad(RtcMessage message) implements RtcdFrame {
    }

    /** The session ended. */
    record Close(String sessionId) implements RtcdFrame {
    }

    /** Any other envelope type, or a frame that did not decode ({@code problem} says why). */
    record Unknown(String type, String problem) implements RtcdFrame {
    }
}
