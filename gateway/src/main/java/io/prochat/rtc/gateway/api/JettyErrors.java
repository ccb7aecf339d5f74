package io.prochat.rtc.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own refusals, which never reach Javalin (a URI with {@code %00} or {@code /../}, a URI or headers too
 * large: 400, 414, 431), answered in the API's error shape instead of Jetty's HTML page.
 */
final class JettyErrors extends ErrorHandler {
    private final ObjectMapper json;

    JettyErrors(ObjectMapper json) {
        this.json = json;
    }

    /** Requests Jetty could not parse (headers or URI too large, a bad request line). */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, reason));
    }

    /** Requests Jetty parsed but refused before any handler (an ambiguous or illegal path). */
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    private byte[] body(int status, String reason) {
        String code = switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            default -> status >= 500 ? "internal_error" : "bad_request";
        };
        String message = reason == null || reason.isBlank() ? "the request was refused by the HTTP server" : reason;
        try {
            return json.writeValueAsBytes(new ApiError(code, message, null));
        } catch (JsonProcessingException e) {
            return ("{\"error\":\"" + code + "\"}").getBytes(StandardCharsets.UTF_8);
        }
    }
}
