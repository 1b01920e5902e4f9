package io.jvtpm.tis;

import io.jvtpm.engine.transport.SwtpmClientBackend;
import io.jvtpm.engine.transport.net.Endpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code swtpm socket --tpm2} started for a test on a fresh state directory, already
 * past TPM2_Startup(CLEAR), its data and control channels on a TCP port pair from 2500-2599;
 * {@link #connect()} gives the engine's {@link SwtpmClientBackend} to it.
 */
final class SwtpmServerProcess implements AutoCloseable {
    private final Process process;
    private final Path stateDir;
    private final int port;

    private SwtpmServerProcess(Process process, Path stateDir, int port) {
        this.process = process;
        this.stateDir = stateDir;
        this.port = port;
    }

    static SwtpmServerProcess start(Path swtpm) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("tis-swtpm");
        for (int port = 2500; port < 2598; port += 2) {
            if (!free(port) || !free(port + 1)) {
                continue;
            }
            Process p = new ProcessBuilder(swtpm.toString(), "socket", "--tpm2",
                    "--server", "type=tcp,port=" + port + ",bindaddr=127.0.0.1",
                    "--ctrl", "type=tcp,port=" + (port + 1) + ",bindaddr=127.0.0.1",
                    "--flags", "not-need-init,startup-clear",
                    "--tpmstate", "dir=" + dir)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline && p.isAlive()) {
                try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port + 1)) {
                    return new SwtpmServerProcess(p, dir, port);
                } catch (IOException notYet) {
                    Thread.sleep(20);
                }
            }
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        deleteTree(dir);
        throw new IOException("swtpm did not come up on any port pair in 2500-2599");
    }

    /** A client of this server's data and control channels. */
    SwtpmClientBackend connect() {
        return SwtpmClientBackend.connect(new Endpoint.Tcp("127.0.0.1", port), new Endpoint.Tcp("127.0.0.1", port + 1));
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deleteTree(stateDir);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A transcript without its first line (swtpm starts past TPM2_Startup). */
    static List<String> withoutStartup(List<String> transcript) {
        return transcript.subList(1, transcript.size());
    }
}
