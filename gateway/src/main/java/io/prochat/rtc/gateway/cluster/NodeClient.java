package io.prochat.rtc.gateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A gateway's side of the internal API ({@link NodeApi}): opens, reads and closes rooms on a node, and asks it to
 * drain. Every request carries the cluster secret and gives up after {@link #TIMEOUT}: a call is placed, read or
 * ended on the caller's thread, which must not hang on a lost node.
 *
 * @throws NodeException from every method when the node cannot be reached or refuses
 */
public final class NodeClient {
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ClusterSecret secret;
    private final ObjectMapper json;

    public NodeClient(ClusterSecret secret, ObjectMapper json) {
        this.secret = secret;
        this.json = json;
    }

    /** Makes the call's room on the node (nothing happens when it is there already). */
    public void openRoom(NodeRow node, String callId) {
        send(node, "POST", "/internal/v1/rooms/" + enc(callId));
    }

    /** Ends the call's room on the node; its participants are told the call ended. A room not there is no error. */
    public void closeRoom(NodeRow node, String callId) {
        send(node, "DELETE", "/internal/v1/rooms/" + enc(callId));
    }

    /** How many are in the call's room on the node; 0 when it has no such room. */
    public int participants(NodeRow node, String callId) {
        JsonNode body = send(node, "GET", "/internal/v1/rooms/" + enc(callId));
        return body == null ? 0 : body.path("participants").asInt(0);
    }

    /** Starts the node's drain: no new calls, the running ones go on until they end or its DrainTimeoutSeconds. */
    public void drain(NodeRow node) {
        send(node, "POST", "/internal/v1/drain");
    }

    /** The JSON answer; null for 404. */
    private JsonNode send(NodeRow node, String method, String path) {
        String base = node.internalUrl().endsWith("/") ? node.internalUrl().substring(0, node.internalUrl().length() - 1)
                : node.internalUrl();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Authorization", secret.header()).method(method, HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new NodeException("SFU node " + node.id() + " cannot be reached (" + method + " " + path + "): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeException("interrupted while asking SFU node " + node.id(), e);
        }
        if (answer.statusCode() == 404) {
            return null;
        }
        if (answer.statusCode() / 100 != 2) {
            throw new NodeException("SFU node " + node.id() + " answered " + answer.statusCode() + " to " + method + " "
                    + path + ": " + new String(answer.body(), StandardCharsets.UTF_8), null);
        }
        try {
            return answer.body().length == 0 ? json.nullNode() : json.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A node could not be reached, or refused. */
    public static final class NodeException extends RuntimeException {
        public NodeException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
