package io.prochat.rtc.gateway.calls;

/** What a call must offer; each need beyond a plain huddle makes it a meeting in hybrid mode. */
public record CallNeeds(boolean recording, boolean externalGuests, Integer expectedParticipants,
                        boolean lobby, boolean password) {

    public static final CallNeeds NONE = new CallNeeds(false, false, null, false, false);

    /** The first feature only Jitsi offers, in words for a routing reason; null when none is needed. */
    public String jitsiOnlyFeature() {
        if (recording) {
            return "recording";
        }
        if (externalGuests) {
            return "external guests";
        }
        if (lobby) {
            return "a lobby";
        }
        if (password) {
            return "a password";
        }
        return null;
    }
}
