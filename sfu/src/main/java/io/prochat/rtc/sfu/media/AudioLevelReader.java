package io.prochat.rtc.sfu.media;

import io.prochat.rtc.sfu.SfuMetrics;
import io.prochat.rtc.sfu.rtp.AudioLevel;
import io.prochat.rtc.sfu.rtp.RtpPacketView;

/**
 * Reads the client-to-mixer audio level (RFC 6464) of streams that negotiated it, for the speaker indicator: a
 * smoothed loudness and the time voice was last heard. Never drops (silence is forwarded: receivers need it).
 */
final class AudioLevelReader extends RtpStage {
    /** A louder level than this (in -dBov) counts as voice; RFC 6464 levels of speech sit around 20..50. */
    static final int VOICE_LEVEL = 60;
    private static final ThreadLocal<RtpPacketView> VIEW = ThreadLocal.withInitial(RtpPacketView::new);

    AudioLevelReader() {
        super(SfuMetrics.Stage.AUDIO_LEVEL);
    }

    @Override
    SfuMetrics.StageDrop process(StreamSource s, byte[] buf, int off, int len, long nowNanos) {
        int id = s.audioLevelId;
        if (id <= 0) {
            return null;
        }
        RtpPacketView view = VIEW.get();
        if (!view.wrap(buf, off, len)) {
            return null;
        }
        int at = view.findExtension(id);
        if (at < 0) {
            return null;
        }
        int level = AudioLevel.level(buf, at);
        s.loudness = (s.loudness * 7 + (AudioLevel.SILENCE - level)) >> 3; // smoothed over ~8 packets (160 ms)
        if (level < VOICE_LEVEL) {
            s.lastVoiceNanos = nowNanos;
        }
        return null;
    }
}
