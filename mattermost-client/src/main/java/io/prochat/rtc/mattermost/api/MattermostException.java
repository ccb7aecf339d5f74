package io.prochat.rtc.mattermost.api;

/**
 * A Mattermost call that failed, typed by {@link #kind()}. For answers, {@link #status()}, {@link #errorId()}
 * (e.g. "api.context.permissions.app_error"), the message, {@link #detailedError()} and {@link #requestId()}
 * come from Mattermost's error JSON ({@code AppError}); for a server that could not be reached the status is 0.
 * Messages name the method and path, never a token.
 */
public final class MattermostException extends RuntimeException {

    /** What went wrong, coarse enough to act on. */
    public enum Kind {
        /** No answer: connection refused, timed out, reset. */
        UNREACHABLE,
        /** 401: the bot token is wrong or revoked. */
        UNAUTHORIZED,
        /** 403: the bot lacks a permission (e.g. create_post_ephemeral) or channel membership. */
        FORBIDDEN,
        /** 404: no such user, channel, team or post. */
        NOT_FOUND,
        /** 429 after the retries. */
        RATE_LIMITED,
        /** 5xx after the retries. */
        SERVER_ERROR,
        /** Any other 4xx: a bad request on our side. */
        REJECTED,
        /** A 2xx whose body is not what the API documents. */
        BAD_RESPONSE
    }

    private final Kind kind;
    private final int status;
    private final String errorId;
    private final String detailedError;
    private final String requestId;

    MattermostException(Kind kind, int status, String errorId, String message, String detailedError,
                        String requestId, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.errorId = errorId;
        this.detailedError = detailedError;
        this.requestId = requestId;
    }

    static Kind kindOf(int status) {
        return switch (status) {
            case 401 -> Kind.UNAUTHORIZED;
            case 403 -> Kind.FORBIDDEN;
            case 404 -> Kind.NOT_FOUND;
            case 429 -> Kind.RATE_LIMITED;
            default -> status >= 500 ? Kind.SERVER_ERROR : Kind.REJECTED;
        };
    }

    public Kind kind() {
        return kind;
    }

    /** HTTP status, or 0 when Mattermost did not answer. */
    public int status() {
        return status;
    }

    /** Mattermost's error id, or null (rate limiting answers plain text, proxies answer HTML). */
    public String errorId() {
        return errorId;
    }

    public String detailedError() {
        return detailedError;
    }

    /** Mattermost's request id (also its X-Request-Id header), for matching the server's log; may be null. */
    public String requestId() {
        return requestId;
    }
}
