/**
 * The echo room: a peer's own audio and video sent back to it, the end-to-end proof of the transport against a real
 * browser, with the page that drives it ({@code echo.html} in this package's resources, reused by the gateway).
 */
package io.prochat.rtc.sfu.echo;
