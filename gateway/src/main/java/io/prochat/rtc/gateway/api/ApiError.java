package io.prochat.rtc.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of every error answer: {"error": code, "message": text, "field": name?}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String message, String field) {
}
