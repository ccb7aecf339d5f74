/**
 * Interactive messages: attachments with buttons, the JSON Mattermost POSTs when one is clicked, and the
 * answer it accepts. Clicks carry no credentials; whoever serves them must sign the button's context.
 */
package io.prochat.rtc.mattermost.action;
