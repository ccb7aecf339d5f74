/**
 * Room names for Jitsi meetings, by the four schemes operators know from the Mattermost Jitsi plugin
 * ({@code words}, {@code uuid}, {@code mattermost}, {@code ask}).
 *
 * <p>Why not reuse the plugin's rules: its word names are TitleCase, which Prosody lowercases into the
 * room JID so the token's {@code room} claim stops matching, and its topic names keep whatever the
 * topic held. Here every name is {@code [a-z0-9-]}, 1-64 characters, safe as a URL path segment and
 * as a JID node, and ends in enough randomness (a 12-character suffix, or a whole UUID) that nobody
 * can guess a meeting from its team, channel or topic. Human text is only ever a readable prefix:
 * it is transliterated to ASCII, and whatever cannot be (emoji, scripts without a Latin form,
 * {@code ../}, {@code ?#%}) becomes a separator or disappears.
 */
package io.prochat.rtc.jitsi.naming;
