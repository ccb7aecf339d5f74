package io.prochat.rtc.gateway.backend;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * Who is in a call's room right now, as the backend sees it.
 *
 * @param occupants how many (for Jitsi: the MUC's occupants, which include jicofo's focus while it is there)
 * @param names     their nicknames, or null when the backend cannot list them
 * @param detail    why the numbers are missing, e.g. "XMPP room control unavailable (…)"; null when they are there
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LiveRoom(Integer occupants, List<String> names, String detail) {
}
