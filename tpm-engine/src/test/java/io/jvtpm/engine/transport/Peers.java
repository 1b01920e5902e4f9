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

    /** A TCP port free right now, and the one after it too (for swtpm's data + control pair). */
    public static int freePortPair() throws IOException {
        for (int i = 0; i < 50; i++) {
            int p;
            try (ServerSocket s = new ServerSocket(0)) {
                p = s.getLocalPort();
            }
            if (p < 65535) {
                try (ServerSocket s2 = new ServerSocket(p + 1)) {
                    return p;
                } catch (IOException busy) {
                    // try another pair
                }
            }
        }
        throw new IOException("no free pair of TCP ports");
    }
}
