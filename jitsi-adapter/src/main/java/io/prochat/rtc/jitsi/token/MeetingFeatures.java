package io.prochat.rtc.jitsi.token;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a token lets its holder do, written as {@code context.features}.
 *
 * <p>Prosody allows everything when a token has no {@code features} object, but once the object is
 * present every key that is missing or not {@code true} is forbidden. So all four keys are always
 * written, {@code screen-sharing} included (its absence is why sharing broke in plugin issue #184).
 *
 * @param recording Jibri recording may be started
 * @param livestreaming Jibri live streaming may be started
 * @param screenSharing the desktop may be shared
 * @param transcription the transcriber may be started
 */
public record MeetingFeatures(boolean recording, boolean livestreaming, boolean screenSharing,
                              boolean transcription) {

    /**
     * The features of an ordinary meeting: screen sharing on, recording only when the call asked for
     * it, live streaming and transcription off (both send the meeting to a third party, so they
     * need an explicit opt-in that the API does not offer yet).
     */
    public static MeetingFeatures forMeeting(boolean recording) {
        return new MeetingFeatures(recording, false, true, false);
    }

    /** The claim object, with the exact key spelling Jitsi uses. */
    public Map<String, Object> asClaim() {
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put("recording", recording);
        claim.put("livestreaming", livestreaming);
        claim.put("screen-sharing", screenSharing);
        claim.put("transcription", transcription);
        return claim;
    }
}
