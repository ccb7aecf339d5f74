package io.prochat.rtc.gateway.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.prochat.rtc.gateway.api.ApiException;
import io.prochat.rtc.sfu.echo.EchoRoom;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The SFU's echo test: a page at /echo that sends the browser's camera and microphone through the
 * SFU and shows them coming back, with the offer/answer and trickle endpoints it uses. It proves
 * ICE, DTLS-SRTP and the media ports end to end from any browser. Concurrent echo sessions are capped
 * so an open page cannot be used to exhaust the server.
 */
public final class EchoRoutes {
    static final int MAX_SDP_BYTES = 64 * 1024;
    static final int MAX_CANDIDATE_BYTES = 1024;

    private final EchoRoom room;
    private final int maxSessions;
    private final byte[] page;
    private final PageHeaders headers;

    public EchoRoutes(EchoRoom room, int maxSessions) {
        this.room = room;
        this.maxSessions = maxSessions;
        try (InputStream in = EchoRoom.class.getResourceAsStream("echo.html")) {
            this.page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("echo page missing from the sfu jar", e);
        }
        this.headers = PageHeaders.forPage(page);
    }

    public void register(RoutesConfig routes) {
        routes.get("/echo", ctx -> headers.apply(ctx.contentType("text/html; charset=utf-8")).result(page));
        routes.post("/echo/offer", this::offer);
        routes.post("/echo/candidate", this::candidate);
    }

    private void offer(Context ctx) throws IOException {
        String offer = boundedBody(ctx, MAX_SDP_BYTES);
        EchoRoom.Joined joined;
        synchronized (this) { // count and join together, or concurrent offers all pass the cap
            if (room.sessionCount() >= maxSessions) {
                throw new ApiException(503, "echo_busy", "the echo test already runs " + maxSessions
                        + " sessions; try again in a minute", null);
            }
            try {
                joined = room.join(offer);
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "invalid_sdp", "offer refused: " + e.getMessage(), null);
            }
        }
        ctx.contentType("application/sdp").header("X-Echo-Session", joined.sessionId())
                .header("Cache-Control", "no-store").result(joined.answerSdp());
    }

    private void candidate(Context ctx) {
        String session = ctx.queryParam("session");
        String candidate = boundedBody(ctx, MAX_CANDIDATE_BYTES);
        boolean known;
        try {
            known = session != null && room.addCandidate(session, candidate);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid_candidate", "candidate refused: " + e.getMessage(), null);
        }
        if (!known) {
            throw new ApiException(404, "not_found", "no echo session " + session, "session");
        }
        ctx.status(204);
    }

    private static String boundedBody(Context ctx, int max) {
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes(max + 1);
            if (body.length > max) {
                throw new ApiException(413, "payload_too_large", "body is larger than " + max + " bytes", null);
            }
            return new String(body, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ApiException(400, "bad_request", "body could not be read", null);
        }
    }
}
