package io.jvtpm.engine.transport;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;

/** Finding real peers (swtpm, python3) for tests tagged "peer": fail in CI, skip elsewhere. */
public final class Peers {
    private Peers() {
    }

    /** The path of {@code program} on PATH; fails (CI=true) or aborts the test when absent. */
    public static String require(String program) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                File f = new File(dir, program);
                if (f.isFile() && f.canExecute()) {
                    return f.getPath();
                }
            }
        }
        String msg = "peer '" + program + "' is not installed";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(msg);
        }
        Assumptions.abort(msg);
        return null;
    }

    /** The TCP ports this part of the project may use (2400-2499). */
    public static final int PORT_BASE = 2400;
    public static final int PORT_COUNT = 100;

    /**
     * A TCP port in 2400..2498 that is free right now together with the one after it (swtpm's
     * data + control pair), starting the search at an offset from this process's id.
     */
    public static int freePortPair() throws IOException {
        int start = (int) (ProcessHandle.current().pid() % (PORT_COUNT / 2));
        for (int i = 0; i < PORT_COUNT / 2; i++) {
            int p = PORT_BASE + ((start + i) % (PORT_COUNT / 2)) * 2;
            if (bindable(p) && bindable(p + 1)) {
                return p;
            }
        }
        throw new IOException("no free pair of TCP ports in " + PORT_BASE + ".." + (PORT_BASE + PORT_COUNT - 1));
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            return s.getLocalPort() == port;
        } catch (IOException busy) {
            return false;
        }
    }
}
