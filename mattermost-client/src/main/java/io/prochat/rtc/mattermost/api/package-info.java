/**
 * Mattermost REST API v4, as a bot sees it: {@link io.prochat.rtc.mattermost.api.MattermostClient} and the
 * records it reads and writes. Errors are {@link io.prochat.rtc.mattermost.api.MattermostException}s built
 * from Mattermost's {@code AppError} JSON; 429 and 5xx are retried honouring {@code Retry-After} and
 * {@code X-Ratelimit-Reset}. The bot token is sent only in the Authorization header and never logged.
 */
package io.prochat.rtc.mattermost.api;
