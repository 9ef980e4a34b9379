package org.hpcsweep.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The TCP sockets this JVM listens on, from /proc (Linux): each as its hex local address and port. */
final class ListeningSockets {
    private static final String LISTEN = "0A";
    private static final Set<String> LOOPBACK = Set.of("0100007F", "00000000000000000000000001000000",
            "0000000000000000FFFF00000100007F");

    private ListeningSockets() {
    }

    static boolean available() {
        return Files.isReadable(Path.of("/proc/self/net/tcp"));
    }

    /** Local addresses ("ADDR:PORT", hex as /proc writes them) of this process's listening sockets not on loopback. */
    static List<String> beyondLoopback() throws IOException {
        Set<String> ours = socketInodes();
        List<String> open = new ArrayList<>();
        for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                String local = f[1];
                String address = local.substring(0, local.indexOf(':'));
                if (f[3].equals(LISTEN) && ours.contains(f[9]) && !LOOPBACK.contains(address)) {
                    open.add(table + " " + local);
                }
            }
        }
        return open;
    }

    /** /proc/self/net lists the network namespace's sockets: only those whose inode is one of our fds are ours. */
    private static Set<String> socketInodes() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // an fd closed while listed
                }
            }
        }
        return inodes;
    }
}
