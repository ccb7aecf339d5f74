package io.prochat.rtc.gateway.calls;

import java.util.List;

/** A new call and what its backend could not provide (shown once, in the create response). */
public record CreatedCall(Call call, List<String> warnings) {
}
