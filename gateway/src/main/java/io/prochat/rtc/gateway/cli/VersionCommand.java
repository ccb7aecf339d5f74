package io.prochat.rtc.gateway.cli;

import io.prochat.rtc.gateway.BuildInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the version, build date and commit.")
final class VersionCommand implements Runnable {
    @Override
    public void run() {
        for (String line : new Provider().getVersion()) {
            System.out.println(line);
        }
    }

    static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            BuildInfo b = BuildInfo.load();
            return new String[] {"prochat-rtc " + b.version() + " (built " + b.buildDate() + ", commit " + b.buildHash()
                    + ", Java " + Runtime.version() + ")"};
        }
    }
}
