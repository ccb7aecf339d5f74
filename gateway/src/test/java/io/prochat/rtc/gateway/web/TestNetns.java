package io.prochat.rtc.gateway.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace this test makes for itself, joined to the host by a veth pair: {@link #hostAddress()}
 * (10.231.X.1/30) on the host side, {@link #nsAddress()} (.2) inside, and no other route out of the namespace, so
 * whatever runs in it (e.g. Firefox) can reach only the host's veth address and its own loopback. Needs root and
 * iproute2 ({@code ip}), as CI runs. {@link #close()} deletes the namespace, which removes both ends of the pair.
 */
final class TestNetns implements AutoCloseable {
    private static final Path IP = Path.of("/usr/sbin/ip");
    private final String name;
    private final String hostLink;
    private final int subnet;

    private TestNetns(String name, String hostLink, int subnet) {
        this.name = name;
        this.hostLink = hostLink;
        this.subnet = subnet;
    }

    /** Whether this process may make namespaces: root with iproute2. */
    static boolean isAvailable() {
        return Files.isExecutable(IP) && "root".equals(System.getProperty("user.name"));
    }

    static TestNetns create() {
        long pid = ProcessHandle.current().pid();
        // one /30 per test JVM, so parallel runs of different test JVMs do not clash
        int subnet = (int) (pid % 250) + 1;
        String name = "prochat-t" + pid;
        String host = "pcth" + pid;
        String peer = "pctn" + pid;
        TestNetns ns = new TestNetns(name, host, subnet);
        ns.deleteQuietly(); // left over by a killed run of the same pid
        try {
            ip("netns", "add", name);
            ip("link", "add", host, "type", "veth", "peer", "name", peer);
            ip("link", "set", peer, "netns", name);
            ip("addr", "add", ns.hostAddress() + "/30", "dev", host);
            ip("link", "set", host, "up");
            ip("netns", "exec", name, "ip", "addr", "add", ns.nsAddress() + "/30", "dev", peer);
            ip("netns", "exec", name, "ip", "link", "set", peer, "up");
            ip("netns", "exec", name, "ip", "link", "set", "lo", "up");
            return ns;
        } catch (RuntimeException e) {
            ns.deleteQuietly();
            throw e;
        }
    }

    String name() {
        return name;
    }

    String hostAddress() {
        return "10.231." + subnet + ".1";
    }

    String nsAddress() {
        return "10.231." + subnet + ".2";
    }

    /** {@code command} run inside the namespace. */
    List<String> exec(List<String> command) {
        List<String> all = new ArrayList<>(List.of(IP.toString(), "netns", "exec", name));
        all.addAll(command);
        return all;
    }

    private static void ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of(IP.toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out.strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void deleteQuietly() {
        for (String[] cmd : List.of(new String[] {"netns", "del", name}, new String[] {"link", "del", hostLink})) {
            try {
                ip(cmd);
            } catch (IllegalStateException e) {
                // not there
            }
        }
    }

    @Override
    public void close() {
        deleteQuietly();
    }
}
