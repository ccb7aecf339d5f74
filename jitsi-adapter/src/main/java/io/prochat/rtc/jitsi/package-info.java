/**
 * Jitsi Meet as a library for the gateway: settings, and personal join links that carry a signed
 * token and the meeting's title.
 *
 * <p>Why this shape: a formal meeting on Jitsi is reached by a link, and on a token-only Jitsi every
 * participant needs a token of their own (Jitsi's {@code tokens.md}). The Mattermost Jitsi plugin
 * posts one shared link whose token names nobody and expires silently; {@link io.prochat.rtc.jitsi.JitsiLinks}
 * instead builds one link per participant, with that participant's identity and moderator right, and
 * reports the expiry so the gateway can offer a fresh link. Room naming lives in {@code naming}, token
 * minting in {@code token}, XMPP room control in {@code xmpp}; {@link io.prochat.rtc.jitsi.HealthProbe}
 * polls Jitsi's HTTP health endpoint. Nothing here logs a secret or a token.
 */
package io.prochat.rtc.jitsi;
