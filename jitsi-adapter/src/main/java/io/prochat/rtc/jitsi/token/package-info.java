/**
 * Jitsi JWTs, one per participant, minted the way Prosody's token modules check them.
 *
 * <p>Why a package of its own: the Mattermost Jitsi plugin posts one shared token with an empty
 * {@code context.user}, the public hostname in {@code sub}, the room in its original case, no
 * {@code nbf}, no moderator claim and no {@code features} (plugin issues #222, #178, #184). Here every
 * claim follows Prosody's {@code token/util.lib.lua} rules: {@code typ} "JWT", HS256 over the raw
 * app secret, a scalar {@code aud}, the lowercase room node, {@code exp} always, {@code nbf} backdated
 * for clock skew, every {@code context.user} field a string, and {@code screen-sharing} always listed.
 * Tokens are bearer credentials: nothing here logs them, and {@link io.prochat.rtc.jitsi.token.SignedToken}
 * hides its value from {@code toString()}.
 */
package io.prochat.rtc.jitsi.token;
