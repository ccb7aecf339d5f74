/**
 * Test fixtures for testing a server with the real Mattermost Calls client: the browser side, and a stand-in for the
 * Calls plugin on rtcd's {@code /ws}.
 *
 * <ul>
 *   <li>{@link io.prochat.rtc.testing.calls.CallsClientBundle}: {@code @mattermost/calls-common} 0.27.2 from the npm
 *       registry ({@code npm ci}, pinned by {@code test-fixtures/calls-client/package-lock.json}), bundled with our
 *       harness script by esbuild under {@code target/calls-client} at test time. Nothing of it is committed.</li>
 *   <li>{@link io.prochat.rtc.testing.calls.CallsBrowser}: one headless Chromium with the harness page from a loopback
 *       HTTP server; {@link io.prochat.rtc.testing.calls.CallsClientPage}: one {@code RTCPeer} client in it, driven
 *       as the Calls webapp drives it ({@code mattermost-plugin-calls} {@code webapp/src/client.ts}).</li>
 *   <li>{@link io.prochat.rtc.testing.calls.CallsPluginStandIn}: the plugin's Go client on {@code /ws} (Basic auth,
 *       {@code /register}, {@code hello}, msgpack envelopes by {@link io.prochat.rtc.testing.calls.RtcdWire}),
 *       relaying between pages and the server, with a per-session
 *       {@link io.prochat.rtc.testing.calls.SessionLog}.</li>
 * </ul>
 *
 * <p>Facts the fixtures rely on (research/rtcd.md §2, §9; calls-common's {@code lib/rtc_peer.js}; the webapp's
 * {@code client.ts}): RTCPeer creates the data channel {@code calls-dc} before any track, so its first offer holds only
 * {@code m=application}; it pings with the text {@code ping} every second and takes {@code pong} as the RTT; it is
 * the polite peer. The webapp sends SDP as {@code JSON.stringify(RTCSessionDescription)} (zlib-compressed; the plugin
 * inflates it), ICE as {@code JSON.stringify(RTCIceCandidate)}, {@code screen_on {"screenStreamID"}} before adding the
 * screen stream, and {@code screen_off} after removing it; mute is {@code replaceTrack(id, null)} then {@code mute},
 * the first unmute {@code addTrack(track, stream)} then {@code unmute}. From rtcd the webapp passes the signal data
 * unchanged to {@code RTCPeer.signal}: {@code {"type":"offer"|"answer","sdp"}} or
 * {@code {"type":"candidate","candidate":{…}}}.
 *
 * <p>Costs on two shared cores ({@code CallsBrowserCostLauncher} in this module's tests): four clients in two
 * relayed pairs, all unmuted, one screen share, used 0.51 cores in one page and 0.89 cores as four browsers (and a
 * quarter of the memory). Several clients in one page is the cheap way to put three or more clients in one call.
 */
package io.prochat.rtc.testing.calls;
