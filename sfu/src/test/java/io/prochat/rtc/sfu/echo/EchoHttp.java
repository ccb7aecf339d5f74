package io.prochat.rtc.sfu.echo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The echo page and its signalling, served on 127.0.0.1 by the JDK's HTTP server for interop tests
 * (the gateway serves the same page and endpoints in production).
 */
final class EchoHttp implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    EchoHttp(EchoRoom room) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(executor);
        server.createContext("/echo.html", ex -> {
            try (InputStream page = EchoRoom.class.getResourceAsStream("echo.html")) {
                respond(ex, 200, "text/html; charset=utf-8", page.readAllBytes(), null);
            }
        });
        server.createContext("/echo/offer", ex -> {
            if (!"POST".equals(ex.getRequestMethod())) {
                respond(ex, 405, "text/plain", new byte[0], null);
                return;
            }
            String offer = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            try {
                EchoRoom.Joined joined = room.join(offer);
                if (Boolean.getBoolean("echo.debug")) {
                    System.err.println("OFFER\n" + offer + "\nANSWER\n" + joined.answerSdp());
                }
                respond(ex, 200, "application/sdp", joined.answerSdp().getBytes(StandardCharsets.UTF_8),
                        joined.sessionId());
            } catch (IllegalArgumentException e) {
                respond(ex, 400, "text/plain", String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8), null);
            }
        });
        server.createContext("/echo/candidate", ex -> {
            String query = ex.getRequestURI().getRawQuery();
            String session = query == null ? null
                    : URLDecoder.decode(query.replaceFirst("^session=", ""), StandardCharsets.UTF_8);
            String candidate = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (Boolean.getBoolean("echo.debug")) {
                System.err.println("TRICKLE " + candidate);
            }
            boolean ok;
            try {
                ok = room.addCandidate(session, candidate);
            } catch (IllegalArgumentException e) {
                ok = false;
            }
            respond(ex, ok ? 204 : 404, "text/plain", new byte[0], null);
        });
        server.start();
    }

    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
    }

    private static void respond(HttpExchange ex, int status, String type, byte[] body, String session)
            throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        if (session != null) {
            ex.getResponseHeaders().set("X-Echo-Session", session);
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
