package io.prochat.rtc.gateway.rtcd;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A plugin-side WebSocket for tests (java.net.http): sends frames, collects decoded server messages in order. */
final class PluginSocket implements WebSocket.Listener, AutoCloseable {
    final BlockingQueue<RtcdMessages.Message> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    final WebSocket ws;

    private PluginSocket(int port, String authorization) {
        this.ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", authorization)
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), this).join();
    }

    static PluginSocket connect(int port, String authorization) {
        return new PluginSocket(port, authorization);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        partial.writeBytes(b);
        if (last) {
            try {
                received.add(RtcdCodec.decode(partial.toByteArray()));
            } catch (MalformedMessageException e) {
                throw new AssertionError("the server sent a malformed frame", e);
            }
            partial.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    void send(RtcdMessages.Message m) {
        sendBytes(RtcdCodec.encode(m));
    }

    void sendBytes(byte[] frame) {
        ws.sendBinary(ByteBuffer.wrap(frame), true).join();
    }

    void sendText(String text) {
        ws.sendText(text, true).join();
    }

    RtcdMessages.Message next() throws InterruptedException {
        RtcdMessages.Message m = received.poll(10, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no message from the server within 10 s");
        }
        return m;
    }

    /** Nothing arrives within {@code millis}. */
    RtcdMessages.Message poll(long millis) throws InterruptedException {
        return received.poll(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            if (!ws.isOutputClosed()) {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            }
            closed.get(5, TimeUnit.SECONDS); // the server's close frame
        } catch (Exception e) {
            // closing is best effort: abort below
        } finally {
            ws.abort();
        }
    }
}
