package io.prochat.rtc.gateway.command;

import io.prochat.rtc.gateway.calls.CallKind;

/** Our two triggers. Not {@code /call}: the Calls plugin owns it and wins over custom commands. */
enum SlashCommand {
    HUDDLE("huddle", CallKind.HUDDLE, "HuddleCommandToken"),
    MEET("meet", CallKind.MEETING, "MeetCommandToken");

    final String trigger;
    final CallKind kind;
    final String tokenKey;

    SlashCommand(String trigger, CallKind kind, String tokenKey) {
        this.trigger = trigger;
        this.kind = kind;
        this.tokenKey = tokenKey;
    }

    String path() {
        return "/mattermost/commands/" + trigger;
    }

    String noun() {
        return kind == CallKind.MEETING ? "meeting" : "huddle";
    }

    String help() {
        String t = "/" + trigger;
        if (this == HUDDLE) {
            return "**" + t + "**: a quick call in this channel.\n"
                    + "* `" + t + " [topic]`: start one (e.g. `" + t + " standup`); everyone gets a **Join** button\n"
                    + "* `" + t + " status`: the calls running in this channel\n"
                    + "* `" + t + " end`: end the newest huddle here (its starter, a moderator or an admin)\n"
                    + "* `" + t + " help`: this text\n"
                    + "For recording, guests or a password, use `/meet`.";
        }
        return "**" + t + "**: a meeting on Jitsi, with a personal link for everyone.\n"
                + "* `" + t + " [topic] [--record] [--guests] [--password]`: start one "
                + "(e.g. `" + t + " Quarterly review --record`)\n"
                + "* `" + t + " status`: the calls running in this channel\n"
                + "* `" + t + " end`: end the newest meeting here (its starter, a moderator or an admin)\n"
                + "* `" + t + " help`: this text";
    }
}
