package io.prochat.rtc.testing.calls;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A track RTCPeer announced with its {@code stream} event: receiver track id, kind, transceiver mid, the sender's
 * stream id from the remote SDP's {@code a=msid} (rtcd: the sender's session id), and the id of the one-track stream
 * RTCPeer wrapped it in.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RemoteTrack(long at, String trackId, String kind, String mid, String streamId, String localStreamId) {
}
