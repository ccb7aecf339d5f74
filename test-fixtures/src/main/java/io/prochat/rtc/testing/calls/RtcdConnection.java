package io.prochat.rtc.testing.calls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One WebSocket to rtcd's {@code /ws} as the plugin's Go client opens it (research/rtcd.md §1.1, §2.1): HTTP Basic
 * {@code clientID:authKey}, no subprotocol, {@code hello} awaited, binary frames reassembled and decoded by
 * {@link RtcdWire}, text frames ignored, pings answered by the JDK WebSocket itself. With
 * {@link CallsPluginStandIn.Registration#IF_CONNECT_FAILS} a failed dial is followed by {@code POST /register} with
 * the same credentials and a second dial, as the plugin does.
 *
 * <p>Frames other than {@code hello} go to {@code onFrame} on the JDK's WebSocket thread, which must only record and
 * queue. Sends are serialised and awaited (the JDK WebSocket refuses overlapping sends).
 */
final class RtcdConnection {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final CompletableFuture<RtcdFrame.Hello> hello = new CompletableFuture<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final Consumer<RtcdFrame> onFrame;
    private volatile WebSocket socket;

    private RtcdConnection(Consumer<RtcdFrame> onFrame) {
        this.onFrame = onFrame;
    }

    /**
     * Dials (and registers first if that fails and {@code registration} says so); returns once {@code hello} came.
     *
     * @throws IllegalStateException naming the URL and client when it cannot connect or register
     */
    static RtcdConnection open(HttpClient http, URI serviceUrl, String clientId, String authKey,
                               CallsPluginStandIn.Registration registration, Consumer<RtcdFrame> onFrame) {
        try {
            return dial(http, serviceUrl, clientId, authKey, onFrame);
        } catch (IllegalStateException first) {
            if (registration != CallsPluginStandIn.Registration.IF_CONNECT_FAILS) {
                throw first;
            }
            register(http, serviceUrl, clientId, authKey);
            return dial(http, serviceUrl, clientId, authKey, onFrame);
        }
    }

    RtcdFrame.Hello hello() {
        return hello.join();
    }

    boolean isOpen() {
        return !closed.isDone();
    }

    synchronized void send(byte[] frame) {
        try {
            socket.sendBinary(ByteBuffer.wrap(frame), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("send failed: " + (e.getCause() != null ? e.getCause() : e), e);
        }
    }

    /** Drops the TCP connection without a close frame. */
    void abort() {
        closed.complete(-1);
        socket.abort();
    }

    /** A close frame (waited for up to 2 s), then the TCP connection dropped. */
    void close(String reason) {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, reason).get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // gone already
        }
        abort();
    }

    private static RtcdConnection dial(HttpClient http, URI serviceUrl, String clientId, String authKey,
                                       Consumer<RtcdFrame> onFrame) {
        URI ws = URI.create(base(serviceUrl).replaceFirst("^http", "ws") + "/ws");
        RtcdConnection c = new RtcdConnection(onFrame);
        try {
            c.socket = http.newWebSocketBuilder()
                    .header("Authorization", basic(clientId, authKey))
                    .connectTimeout(TIMEOUT)
                    .buildAsync(ws, c.new Listener())
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            c.hello.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted connecting to " + ws, e);
        } catch (ExecutionException | TimeoutException e) {
            if (c.socket != null) {
                c.socket.abort();
            }
            throw new IllegalStateException("cannot connect to " + ws + " as " + clientId + ": "
                    + (e.getCause() != null ? e.getCause() : e), e);
        }
    }

    private static void register(HttpClient http, URI serviceUrl, String clientId, String authKey) {
        String body = "{\"clientID\":\"" + clientId + "\",\"authKey\":\"" + authKey + "\"}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(base(serviceUrl) + "/register"))
                .header("Authorization", basic(clientId, authKey))
                .header("Content-Type", "application/json")
                .timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("POST /register as " + clientId + ": " + response.statusCode() + " "
                        + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("POST /register failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted registering", e);
        }
    }

    private static String base(URI serviceUrl) {
        return serviceUrl.toString().replaceFirst("/*$", "");
    }

    private static String basic(String clientId, String authKey) {
        return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + authKey)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Reassembles binary messages, decodes them, hands them on. */
    private final class Listener implements WebSocket.Listener {
        private final ByteArrayOutputStream parts = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            parts.write(chunk, 0, chunk.length);
            if (last) {
                RtcdFrame frame = RtcdWire.decode(parts.toByteArray());
                parts.reset();
                if (frame instanceof RtcdFrame.Hello h) {
                    hello.complete(h);
                } else {
                    onFrame.accept(frame);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            ws.request(1); // rtcd ignores text frames; so does its Go client
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            hello.completeExceptionally(new IOException("closed " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(-1);
            hello.completeExceptionally(error);
        }
    }
}
