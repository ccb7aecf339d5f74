package io.prochat.rtc.gateway.api;

/** An API error with its HTTP status, a stable code, a message for people, and the field at fault. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final String field;

    public ApiException(int status, String code, String message, String field) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public static ApiException invalid(String field, String message) {
        return new ApiException(400, "invalid_field", message, field);
    }

    public static ApiException missing(String field) {
        return new ApiException(400, "missing_field", field + " is required", field);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
