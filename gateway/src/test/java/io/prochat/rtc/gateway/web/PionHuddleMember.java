package io.prochat.rtc.gateway.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prochat.rtc.testing.PionClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One huddle participant whose media side is a Pion peer ({@link PionClient}) and whose signalling is the join page's
 * protocol spoken from Java: the WebSocket {@code /huddle/{callId}/ws?token=...}, a join with Pion's offer (its one
 * microphone), the server's answer and later offers handed to Pion, Pion's answers sent back.
 */
final class PionHuddleMember implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final PionClient.Peer peer;
    final CompletableFuture<String> sessionId = new CompletableFuture<>();
    /** The server's answer to the join offer, as received. */
    final CompletableFuture<String> answer = new CompletableFuture<>();
    /** mid -> whose track and what kind ("voice", "video", ...), from the server's offers. */
    final Map<String, JsonNode> tracks = new ConcurrentHashMap<>();
    final List<String> errors = new CopyOnWriteArrayList<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    /** The ICE ufrag of every description the server sent, in order: all must be this session's one. */
    final List<String> serverUfrags = new CopyOnWriteArrayList<>();
    /** The ICE ufrag of our join offer. */
    final String offerUfrag;
    private final WebSocket ws;
    private final StringBuilder partial = new StringBuilder();
    private CompletableFuture<?> queue = CompletableFuture.completedFuture(null);

    /** Joins the huddle behind {@code joinUrl} (a personal join link) with a new Pion peer {@code id}. */
    PionHuddleMember(PionClient pion, String id, String joinUrl, Duration timeout) throws Exception {
        this.peer = pion.newPeer(id, true);
        String offer = peer.offer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        this.offerUfrag = ufrag(offer);
        URI page = URI.create(joinUrl);
        URI socket = URI.create("ws://" + page.getRawAuthority() + page.getRawPath() + "/ws?" + page.getRawQuery());
        ObjectNode join = JSON.createObjectNode().put("type", "join").put("sdp", offer).put("mic", true)
                .put("camera", false);
        ObjectNode kinds = join.putObject("tracks");
        peer.mids().forEach(kinds::put);
        this.ws = HTTP.newWebSocketBuilder().connectTimeout(timeout).buildAsync(socket, new Listener())
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        send(join);
    }

    /** The session ids whose voice reaches us, with the packets Pion received from each. */
    Map<String, Long> voiceFrom() {
        Map<String, Long> out = new java.util.HashMap<>();
        peer.received().forEach((mid, n) -> {
            JsonNode t = tracks.get(mid);
            if (t != null && t.path("type").asText().equals("voice")) {
                out.merge(t.path("sessionId").asText(), n, Long::sum);
            }
        });
        return out;
    }

    void leave() {
        send(JSON.createObjectNode().put("type", "leave"));
    }

    private synchronized void send(ObjectNode m) {
        ws.sendText(m.toString(), true).join();
    }

    private void on(JsonNode m) {
        switch (m.path("type").asText()) {
            case "joined" -> sessionId.complete(m.path("sessionId").asText());
            case "answer" -> {
                serverUfrags.add(ufrag(m.path("sdp").asText()));
                answer.complete(m.path("sdp").asText());
                peer.answer(m.path("sdp").asText());
            }
            case "offer" -> {
                serverUfrags.add(ufrag(m.path("sdp").asText()));
                m.path("tracks").fields().forEachRemaining(e -> tracks.put(e.getKey(), e.getValue()));
                // in order: the next offer waits for this answer, as the page's promise queue does
                queue = queue.thenCompose(x -> peer.answerOffer(m.path("sdp").asText()))
                        .thenAccept(sdp -> send(JSON.createObjectNode().put("type", "answer").put("sdp", sdp)))
                        .exceptionally(e -> {
                            errors.add(String.valueOf(e));
                            return null;
                        });
            }
            case "close" -> closed.complete(m.path("reason").asText());
            case "error" -> {
                errors.add(m.path("code").asText() + ": " + m.path("message").asText());
                sessionId.completeExceptionally(new IllegalStateException(m.toString()));
            }
            default -> {
            }
        }
    }

    static String ufrag(String sdp) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("a=ice-ufrag:(\\S+)").matcher(sdp);
        return m.find() ? m.group(1) : null;
    }

    @Override
    public void close() {
        ws.abort();
    }

    @Override
    public String toString() {
        return peer + " session " + sessionId.getNow(null) + (answer.isDone() ? " answered" : " no answer")
                + " closed " + closed.getNow(null) + " offer ufrag " + offerUfrag + " ufrags " + serverUfrags + " errors " + errors;
    }

    private final class Listener implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    on(JSON.readTree(text));
                } catch (java.io.IOException e) {
                    errors.add("bad signal: " + text);
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            closed.complete("socket closed " + statusCode + " " + reason);
            return null;
        }
    }
}
