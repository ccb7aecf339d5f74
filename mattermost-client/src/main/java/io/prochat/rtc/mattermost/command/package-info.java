/**
 * Custom slash commands: the form Mattermost POSTs ({@link io.prochat.rtc.mattermost.command.CommandRequest})
 * and the JSON it accepts back ({@link io.prochat.rtc.mattermost.command.CommandResponse}). No HTTP server
 * here: the gateway reads the form and writes the answer.
 */
package io.prochat.rtc.mattermost.command;
