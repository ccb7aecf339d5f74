package io.prochat.rtc.gateway.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which process holds a socket: each {@code /proc/<pid>/fd/<n>} of a socket links to {@code socket:[<inode>]}.
 * Without root only one's own processes' descriptors can be read; the others' sockets stay without an owner,
 * which the report says.
 */
public final class SocketOwners {
    /** A process: its id, short name ({@code comm}) and command line (arguments joined by spaces). */
    public record Owner(long pid, String name, String commandLine) {
        @Override
        public String toString() {
            return name + " (pid " + pid + ")";
        }
    }

    private final Map<Long, Owner> byInode;
    /** Whether some process's descriptors could not be read (not root). */
    private final boolean partial;

    private SocketOwners(Map<Long, Owner> byInode, boolean partial) {
        this.byInode = byInode;
        this.partial = partial;
    }

    public static SocketOwners scan(Path proc) {
        Map<Long, Owner> found = new HashMap<>();
        boolean partial = false;
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path pidDir : pids) {
                partial |= !scanProcess(pidDir, found);
            }
        } catch (IOException e) {
            partial = true;
        }
        return new SocketOwners(found, partial);
    }

    /** Adds the process's sockets; false when its descriptors could not be listed. */
    private static boolean scanProcess(Path pidDir, Map<Long, Owner> found) {
        Owner owner = null;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(pidDir.resolve("fd"))) {
            for (Path fd : fds) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException | UnsupportedOperationException closed) {
                    continue; // closed between listing and reading
                }
                if (target.startsWith("socket:[") && target.endsWith("]")) {
                    if (owner == null) {
                        owner = owner(pidDir);
                    }
                    found.putIfAbsent(Long.parseLong(target.substring(8, target.length() - 1)), owner);
                }
            }
            return true;
        } catch (IOException | SecurityException denied) {
            return false; // another user's process (or it exited)
        }
    }

    private static Owner owner(Path pidDir) {
        long pid = Long.parseLong(pidDir.getFileName().toString());
        String name = read(pidDir.resolve("comm")).strip();
        String cmd = read(pidDir.resolve("cmdline")).replace('\0', ' ').strip();
        return new Owner(pid, name.isEmpty() ? "?" : name, cmd);
    }

    private static String read(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    public Optional<Owner> of(long inode) {
        return Optional.ofNullable(byInode.get(inode));
    }

    public boolean partial() {
        return partial;
    }
}
