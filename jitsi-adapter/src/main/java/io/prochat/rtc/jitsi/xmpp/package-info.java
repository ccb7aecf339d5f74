/**
 * Jitsi room control over XMPP (Smack 4.4): a service account on Jitsi's Prosody, listed in the
 * conference component's {@code admins}, creates each meeting's MUC room before anyone has the link,
 * protects it (room secret, members-only or Jitsi's lobby, a maximum of occupants), reads who is in it,
 * removes people and destroys it when the meeting ends. Entry point: {@link io.prochat.rtc.jitsi.xmpp.JitsiRooms}.
 *
 * <p>Facts this rests on (verified against Prosody 0.12.3, see shared/research/jitsi.md §3.3): only
 * admins may create rooms ({@code restrict_room_creation}); the configuration form has no
 * {@code passwordprotectedroom} and no {@code maxusers}, so a non-empty {@code roomsecret} is the
 * password and a cap is held by the service account staying in the room; disco#items never lists
 * occupants, disco#info gives their number; a destroy reaches every occupant; rooms live in memory.
 * Jitsi's lobby module announces itself as identity {@code component/lobbyrooms} on the main domain and
 * turns a members-only room into one with a lobby. The conference request to jicofo is
 * {@link io.prochat.rtc.jitsi.xmpp.FocusConferenceIq}. Passwords never appear in messages or logs.
 */
package io.prochat.rtc.jitsi.xmpp;
