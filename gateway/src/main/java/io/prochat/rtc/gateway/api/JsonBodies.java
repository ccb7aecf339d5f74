package io.prochat.rtc.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Collectors;

/**
 * Reads a JSON request body safely: the content type must be JSON, the body may not exceed the
 * configured size (checked on the header and again while reading, for chunked bodies), and every
 * parse problem becomes a 400 naming the field or the position.
 */
public final class JsonBodies {
    private static final java.util.regex.Pattern DUPLICATE = java.util.regex.Pattern.compile("Duplicate field '([^']*)'");
    private final ObjectMapper json;
    private final int maxBytes;

    public JsonBodies(ObjectMapper json, int maxBytes) {
        this.json = json;
        this.maxBytes = maxBytes;
    }

    public <T> T read(Context ctx, Class<T> type) {
        requireJsonContentType(ctx.contentType());
        byte[] body = readBounded(ctx);
        if (body.length == 0) {
            throw new ApiException(400, "malformed_json", "request body is empty; a JSON object is expected", null);
        }
        try {
            T value = json.readValue(body, type);
            if (value == null) {
                throw new ApiException(400, "malformed_json", "request body is null; a JSON object is expected", null);
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            String field = path(e);
            throw new ApiException(400, "unknown_field", "unknown field " + field, field);
        } catch (MismatchedInputException e) {
            String field = path(e);
            if (field.isEmpty()) {
                throw new ApiException(400, "malformed_json", "a JSON object is expected", null);
            }
            throw ApiException.invalid(field, field + " has the wrong type");
        } catch (InputCoercionException e) {
            // e.g. 2147483648 for an int: valid JSON, a number out of the field's range
            String field = path(e.getProcessor() == null ? null : e.getProcessor().getParsingContext());
            throw ApiException.invalid(field, field + " is out of range");
        } catch (StreamReadException e) {
            String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            java.util.regex.Matcher dup = DUPLICATE.matcher(message);
            if (dup.find()) {
                JsonStreamContext at = e.getProcessor() == null ? null : e.getProcessor().getParsingContext();
                String parent = at == null ? "" : path(at.getParent());
                String field = parent.isEmpty() ? dup.group(1) : parent + "." + dup.group(1);
                throw ApiException.invalid(field, field + " appears more than once");
            }
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ApiException(400, "malformed_json", "request body is not valid JSON" + where, null);
        } catch (JsonProcessingException e) {
            if (e instanceof JsonMappingException m && m.getCause() instanceof InputCoercionException) {
                String field = path(m);
                throw ApiException.invalid(field, field + " is out of range");
            }
            // a field twice inside a nested object: the parser's complaint comes wrapped, with the path so far
            java.util.regex.Matcher dup = DUPLICATE.matcher(String.valueOf(e.getCause() == null ? ""
                    : e.getCause().getMessage()));
            if (e instanceof JsonMappingException m && dup.find()) {
                String at = path(m);
                String field = at.endsWith(dup.group(1)) ? at : at.isEmpty() ? dup.group(1) : at + "." + dup.group(1);
                throw ApiException.invalid(field, field + " appears more than once");
            }
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ApiException(400, "malformed_json", "request body is not valid JSON" + where, null);
        } catch (IOException e) {
            throw new ApiException(400, "malformed_json", "request body could not be read", null);
        }
    }

    private static void requireJsonContentType(String contentType) {
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim();
        if (!mediaType.equalsIgnoreCase("application/json")) {
            throw new ApiException(415, "unsupported_media_type",
                    "Content-Type must be application/json" + (mediaType.isEmpty() ? "" : ", not " + mediaType), null);
        }
    }

    private byte[] readBounded(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            try (InputStream in = ctx.req().getInputStream()) {
                drainQuietly(in);
            } catch (IOException ignored) {
                // nothing to answer
            }
            throw tooLarge();
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                // Read (and drop) a bounded rest first: a server that closes on unread bytes makes the client's
                // TCP stack reset the connection, and the client never sees the 413 with its reason.
                drainQuietly(in);
                throw tooLarge();
            }
            return body;
        } catch (IOException e) {
            throw new ApiException(400, "malformed_json", "request body could not be read", null);
        }
    }

    /** At most this much of an oversized body is read and dropped before answering 413. */
    static final long DRAIN_LIMIT = 1 << 20;

    private static void drainQuietly(InputStream in) {
        try {
            byte[] sink = new byte[8192];
            long left = DRAIN_LIMIT;
            int n;
            while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException ignored) {
            // the client went away: nothing to answer
        }
    }

    private ApiException tooLarge() {
        return new ApiException(413, "payload_too_large",
                "request body is larger than " + maxBytes + " bytes ([HTTP] MaxRequestBodyBytes)", null);
    }

    /** The dotted path of the field the parser is at, e.g. {@code needs.expectedParticipants}. */
    private static String path(JsonStreamContext ctx) {
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                parts.addFirst(c.getCurrentName());
            } else if (c.inArray()) {
                parts.addFirst("[" + c.getCurrentIndex() + "]");
            }
        }
        return String.join(".", parts).replace(".[", "[");
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }
}
