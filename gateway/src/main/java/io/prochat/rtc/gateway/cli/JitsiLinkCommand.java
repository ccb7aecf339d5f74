package io.prochat.rtc.gateway.cli;

import io.prochat.rtc.gateway.Gateway;
import io.prochat.rtc.gateway.config.GatewayConfig;
import io.prochat.rtc.jitsi.JitsiLinks;
import io.prochat.rtc.jitsi.JoinLink;
import io.prochat.rtc.jitsi.token.JitsiUser;
import io.prochat.rtc.jitsi.token.MeetingFeatures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;

@Command(name = "jitsi-link", mixinStandardHelpOptions = true,
        description = "Print a personal Jitsi link for one user, signed with [Jitsi] AppSecret when AppID is set.")
final class JitsiLinkCommand implements Runnable {
    @Option(names = "--room", required = true, description = "room name, e.g. weekly-review")
    String room;
    @Option(names = "--user", required = true, description = "the user's id")
    String userId;
    @Option(names = "--name", description = "display name (default: the user id)")
    String name;
    @Option(names = "--email", description = "email, shown to Jitsi")
    String email;
    @Option(names = "--avatar", description = "avatar URL")
    String avatar;
    @Option(names = "--moderator", description = "make the user a moderator (owner)")
    boolean moderator;
    @Option(names = "--recording", description = "allow recording and live streaming for this user")
    boolean recording;
    @Option(names = "--title", description = "meeting title shown in Jitsi")
    String title;
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "TOML config with the [Jitsi] section")
    Path config;

    @Override
    public void run() {
        GatewayConfig cfg = ConfigSource.load(config);
        JitsiLinks links = new JitsiLinks(Gateway.jitsiSettings(cfg.jitsi()), Clock.systemUTC());
        JitsiUser user = new JitsiUser(userId, name == null ? userId : name, email, avatar);
        JoinLink link = links.link(room, user, moderator, MeetingFeatures.forMeeting(recording), title);
        System.out.println(link.url());
        if (link.expiresAt() != null) {
            System.err.println("valid until " + link.expiresAt());
        } else {
            System.err.println("unsigned: [Jitsi] AppID and AppSecret are not set");
        }
    }
}
