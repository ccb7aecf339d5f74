package io.prochat.rtc.gateway.cli;

import picocli.CommandLine.Command;

@Command(name = "prochat-rtc", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Calls from Mattermost: huddles on the built-in SFU, meetings on Jitsi, behind one API.",
        subcommands = {ServeCommand.class, VersionCommand.class, ConfigCommand.class, JitsiLinkCommand.class,
                ApiKeyCommand.class, CheckPortsCommand.class, PrintCommand.class, CheckTurnCommand.class})
public final class RootCommand {
}
