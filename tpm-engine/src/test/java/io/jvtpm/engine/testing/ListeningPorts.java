package io.jvtpm.engine.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The TCP ports a process listens on, read from Linux's /proc (its socket descriptors under
 * /proc/PID/fd, their inodes in /proc/PID/net/tcp and tcp6), so that a server started on port 0
 * can be reached without a port picked in advance; and whether a unix socket path is listening
 * yet (/proc/net/unix), since its file exists from bind(), before listen().
 */
final class ListeningPorts {
    private static final String LISTEN = "0A";
    /** __SO_ACCEPTCON in /proc/net/unix's Flags column: the socket is listening. */
    private static final int UNIX_ACCEPTCON = 0x10000;

    private ListeningPorts() {
    }

    /** The listening ports of process {@code pid}, ordered by the descriptor of their socket. */
    static List<Integer> of(long pid) throws IOException {
        Map<Long, Integer> fdByInode = new TreeMap<>();
        Path fds = Path.of("/proc", Long.toString(pid), "fd");
        try (Stream<Path> s = Files.list(fds)) {
            for (Path fd : s.toList()) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (target.startsWith("socket:[")) {
                    fdByInode.put(Long.parseLong(target.substring(8, target.length() - 1)),
                            Integer.parseInt(fd.getFileName().toString()));
                }
            }
        } catch (NoSuchFileException exited) {
            return List.of();
        }
        Map<Integer, Integer> portByFd = new TreeMap<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path file = Path.of("/proc", Long.toString(pid), "net", table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file).stream().skip(1).toList()) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && LISTEN.equals(f[3])) {
                    Integer fd = fdByInode.get(Long.parseLong(f[9]));
                    if (fd != null) {
                        portByFd.put(fd, Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
                    }
                }
            }
        }
        return new ArrayList<>(portByFd.values());
    }

    /** True when a listening unix socket is bound to {@code path}, so a connect to it is accepted. */
    static boolean listening(Path path) throws IOException {
        String name = path.toString();
        for (String line : Files.readAllLines(Path.of("/proc/net/unix")).stream().skip(1).toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 7 && f[7].equals(name) && (Integer.parseInt(f[3], 16) & UNIX_ACCEPTCON) != 0) {
                return true;
            }
        }
        return false;
    }
}
