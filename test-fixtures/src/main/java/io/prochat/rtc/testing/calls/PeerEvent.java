package io.prochat.rtc.testing.calls;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Something a {@link CallsClientPage}'s RTCPeer or the harness reported, in order: {@code connect}, {@code close}
 * (with {@code error} "rtc connection failed" when the connection failed), {@code error} (for example "timed out
 * waiting for rtc connection"), {@code stream} (a remote track arrived; {@code streamId}, {@code tracks}),
 * {@code remote_track_ended}, {@code dc_open}, {@code dc_close}, {@code signal_error} (what {@code signal} threw),
 * {@code log} (RTCPeer's error log, and its debug log when asked). {@code at} is the page's clock in ms.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PeerEvent(long at, String type, String error, String level, String text, String streamId,
                        List<String> tracks, String trackId) {
}
