package io.prochat.rtc.testing.calls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One real Mattermost Calls browser client: {@code RTCPeer} from {@code @mattermost/calls-common} 0.27.2 (the code
 * the Calls webapp and desktop app run), in a {@link CallsBrowser} page, driven the way the webapp drives it
 * ({@code mattermost-plugin-calls} {@code webapp/src/client.ts}).
 *
 * <p>Signalling does not leave the page by itself: {@link #drainOutgoing()} returns what the webapp would have sent on
 * its Mattermost WebSocket since the last call, and {@link #signal(String)} feeds back what the plugin relays from
 * rtcd. {@link CallsPluginStandIn} does both for joined clients. Media: {@link #unmute()} (first time: the fake
 * microphone, added with {@code addTrack}; later {@code replaceTrack}), {@link #mute()} ({@code replaceTrack(null)}),
 * {@link #startScreenShare()} (the fake camera as the screen track, {@code screen_on} first as the webapp does),
 * {@link #stopScreenShare()}; {@link #stats()} reads {@code getStats()}.
 *
 * <pre>{@code
 * try (CallsBrowser browser = CallsBrowser.start()) {
 *     CallsClientPage alice = browser.newClient("alice", ClientOptions.loopback());
 *     String offer = alice.awaitOutgoing(m -> m.type().equals(ClientMessage.SDP), Duration.ofSeconds(5)).data();
 *     // relay it (or let CallsPluginStandIn do it), feed the answer and candidates back with alice.signal(json)
 *     alice.awaitStats(PeerStats::connected, Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public final class CallsClientPage implements ClientSignalling {
    /** The voice track the first {@link #unmute()} added, and its stream (the webapp's getUserMedia stream). */
    public record VoiceTrack(String trackId, String streamId) {
    }

    /** A started screen share: {@code screenStreamID} is what the webapp sends in {@code screen_on}. */
    public record ScreenShare(String screenStreamID, String trackId) {
    }

    private final CallsBrowser browser;
    private final String name;
    private final java.util.ArrayDeque<ClientMessage> pending = new java.util.ArrayDeque<>();

    CallsClientPage(CallsBrowser browser, String name) {
        this.browser = browser;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** What the client queued for its WebSocket since the last call, in order. */
    @Override
    public List<ClientMessage> drainOutgoing() {
        synchronized (pending) {
            List<ClientMessage> fresh = read(browser.call("drain", name), new TypeReference<List<ClientMessage>>() { });
            if (pending.isEmpty()) {
                return fresh;
            }
            List<ClientMessage> all = new java.util.ArrayList<>(pending);
            pending.clear();
            all.addAll(fresh);
            return all;
        }
    }

    /**
     * Waits for an outgoing message matching {@code match} and returns it. It is consumed; the messages before it and
     * after it stay queued for the next {@link #drainOutgoing()}. For use without a {@link CallsPluginStandIn}.
     */
    public ClientMessage awaitOutgoing(Predicate<ClientMessage> match, Duration timeout) {
        Instant end = Instant.now().plus(timeout);
        synchronized (pending) {
            while (true) {
                pending.addAll(read(browser.call("drain", name), new TypeReference<List<ClientMessage>>() { }));
                for (ClientMessage m : pending) {
                    if (match.test(m)) {
                        pending.remove(m);
                        return m;
                    }
                }
                if (Instant.now().isAfter(end)) {
                    throw new AssertionError(name + ": no matching outgoing message in " + timeout + "; queued: "
                            + pending);
                }
                sleep(50);
            }
        }
    }

    /**
     * Passes one signalling message from rtcd ({@code {"type":"offer"|"answer","sdp"}} or
     * {@code {"type":"candidate","candidate":{…}}}) to {@code RTCPeer.signal}, as the webapp does; returns once
     * RTCPeer has handled it (for an offer: its answer is queued). Errors are not thrown, as in the webapp: they
     * appear as {@code signal_error} {@link #events()}.
     */
    @Override
    public void signal(String json) {
        browser.call("signal", name, json);
    }

    /** The webapp's unmute: the fake microphone's track added the first time, replaced back in later. */
    public VoiceTrack unmute() {
        return read(browser.call("unmute", name), VoiceTrack.class);
    }

    /** The webapp's mute: {@code replaceTrack(id, null)} (no renegotiation), then {@code mute} on the socket. */
    /** Sends raw bytes on {@code calls-dc}, as newer Calls clients send rtcd's msgpack messages (rtcd.md §3.2). */
    public void sendDataChannel(byte[] message) {
        JsonNode r = browser.call("dcSend", name, java.util.Base64.getEncoder().encodeToString(message));
        if (!r.path("ok").asBoolean()) {
            throw new IllegalStateException(name + ": " + r.path("error").asText());
        }
    }

    public void mute() {
        JsonNode r = browser.call("mute", name);
        if (!r.path("ok").asBoolean()) {
            throw new IllegalStateException(name + ": mute before the first unmute");
        }
    }

    /** Shares the fake camera (1280×720, 15 fps) as the screen; {@code screen_on} is queued before its offer. */
    public ScreenShare startScreenShare() {
        return read(browser.call("startScreen", name, java.util.Map.of()), ScreenShare.class);
    }

    /** Stops the track, removes it from the peer (an offer follows), then queues {@code screen_off}. */
    public void stopScreenShare() {
        JsonNode r = browser.call("stopScreen", name);
        if (!r.path("ok").asBoolean()) {
            throw new IllegalStateException(name + ": not sharing");
        }
    }

    public PeerStats stats() {
        return read(browser.call("stats", name), PeerStats.class);
    }

    /** Re-reads {@link #stats()} every 200 ms until {@code done} holds; throws {@link AssertionError} with the last. */
    public PeerStats awaitStats(Predicate<PeerStats> done, Duration timeout) {
        Instant end = Instant.now().plus(timeout);
        PeerStats last = stats();
        while (!done.test(last)) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError(name + ": stats condition not met in " + timeout + "; last " + last
                        + "; events " + events());
            }
            sleep(200);
            last = stats();
        }
        return last;
    }

    /** The connection's state ({@code new}, {@code connecting}, {@code connected}, {@code failed}, {@code closed}). */
    public String connectionState() {
        return browser.call("state", name).path("connectionState").asText();
    }

    /** The current local SDP (null before the first offer is set). */
    public String localDescription() {
        JsonNode sdp = browser.call("state", name).path("localDescription");
        return sdp.isNull() ? null : sdp.asText();
    }

    public String remoteDescription() {
        JsonNode sdp = browser.call("state", name).path("remoteDescription");
        return sdp.isNull() ? null : sdp.asText();
    }

    public List<PeerEvent> events() {
        return read(browser.call("state", name).path("events"), new TypeReference<List<PeerEvent>>() { });
    }

    /** Waits for an event of this type ({@code connect}, {@code close}, {@code dc_open}, …) and returns it. */
    public PeerEvent awaitEvent(String type, Duration timeout) {
        Instant end = Instant.now().plus(timeout);
        while (true) {
            List<PeerEvent> events = events();
            for (PeerEvent e : events) {
                if (type.equals(e.type())) {
                    return e;
                }
            }
            if (Instant.now().isAfter(end)) {
                throw new AssertionError(name + ": no '" + type + "' event in " + timeout + "; events " + events);
            }
            sleep(100);
        }
    }

    /** Every message the server sent on the data channel ({@code pong} to RTCPeer's {@code ping}, and any other). */
    public List<DataChannelMessage> dataChannelMessages() {
        return read(browser.call("state", name).path("dcMessages"),
                new TypeReference<List<DataChannelMessage>>() { });
    }

    /** The server's MediaMaps received so far, merged (mid → type and sender): see {@link MediaMapEntry}. */
    public java.util.Map<String, MediaMapEntry> mediaMap() {
        return MediaMapEntry.collect(dataChannelMessages());
    }

    /** The tracks RTCPeer announced with {@code stream} events, in order. */
    public List<RemoteTrack> remoteTracks() {
        return read(browser.call("state", name).path("remoteTracks"), new TypeReference<List<RemoteTrack>>() { });
    }

    /** RTCPeer.destroy(): closes the connection (no {@code close} event, as in RTCPeer) and stops local tracks. */
    public void destroy() {
        browser.call("destroy", name);
        browser.forget(this);
    }

    @Override
    public String toString() {
        return "CallsClientPage[" + name + "]";
    }

    private static <T> T read(JsonNode node, Class<T> type) {
        try {
            return CallsBrowser.JSON.treeToValue(node, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(JsonNode node, TypeReference<T> type) {
        return CallsBrowser.JSON.convertValue(node, type);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
