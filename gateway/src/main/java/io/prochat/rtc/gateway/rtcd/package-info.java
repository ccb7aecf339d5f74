/**
 * rtcd compatibility: the HTTP API and the {@code /ws} WebSocket that Mattermost's Calls plugin speaks to its
 * "RTCD service" (facts: {@code shared/research/rtcd.md} §0–§5), so that the plugin's RTC server can be ProChat RTC.
 *
 * <ul>
 *   <li>{@link io.prochat.rtc.gateway.rtcd.RtcdMessages} and {@link io.prochat.rtc.gateway.rtcd.RtcdCodec}: the
 *       msgpack envelope of the WebSocket (rtcd.md §2.2–§2.5); {@link io.prochat.rtc.gateway.rtcd.DcMessages}: the
 *       {@code calls-dc} data channel messages (§3.2).</li>
 *   <li>{@link io.prochat.rtc.gateway.rtcd.RtcdAuth}: clients (bcrypt hashes in the store), Basic and Bearer auth,
 *       admin mode, the bcrypt rate limit (§1.1). {@link io.prochat.rtc.gateway.rtcd.RtcdApi}: the HTTP routes (§1).</li>
 *   <li>{@link io.prochat.rtc.gateway.rtcd.RtcdSocket} and {@link io.prochat.rtc.gateway.rtcd.RtcdConnections}: the
 *       WebSocket and the session → connection routing (§2.1, §2.6). The media side is behind
 *       {@link io.prochat.rtc.gateway.rtcd.RtcdSessions}.</li>
 * </ul>
 * Served by {@code --role all} and by every SFU node ({@code --role sfu}; clients shared through the store), as each
 * of rtcd's hosts serves it; a {@code --role gateway} answers it with 503 ({@link RtcdRoutes#registerRefusing}).
 * No rtcd code is used or copied; the byte layouts are tested against hand-written bytes.
 */
package io.prochat.rtc.gateway.rtcd;
