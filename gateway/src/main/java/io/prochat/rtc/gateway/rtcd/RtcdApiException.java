package io.prochat.rtc.gateway.rtcd;

/**
 * A refusal of the rtcd API, answered in rtcd's shape: {@code {"code": "<status>", "error": "<message>"}}, all
 * values strings (rtcd.md §1). {@code reason} is a short stable word for the metric and the log.
 */
public final class RtcdApiException extends RuntimeException {
    private final int status;
    private final String reason;

    public RtcdApiException(int status, String reason, String message) {
        super(message);
        this.status = status;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    static RtcdApiException unauthorized(String reason) {
        return new RtcdApiException(401, reason, "authentication failed");
    }
}
