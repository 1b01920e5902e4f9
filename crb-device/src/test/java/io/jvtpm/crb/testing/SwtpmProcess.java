package io.jvtpm.crb.testing;

import io.jvtpm.engine.TpmBackendException;
import io.jvtpm.engine.transport.SwtpmClientBackend;
import io.jvtpm.engine.transport.net.Endpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code swtpm socket --tpm2} (libtpms) for a test, reached through the engine's
 * {@link SwtpmClientBackend}: either on TCP ports from 2600-2699 with the TPM already started
 * (not-need-init, startup-clear), or, as QEMU runs it, on a unix control socket only, the data
 * channel handed over with CMD_SET_DATAFD and the TPM waiting for CMD_INIT.
 */
public final class SwtpmProcess implements AutoCloseable {

    private final Process process;
    private final SwtpmClientBackend backend;

    private SwtpmProcess(Process process, SwtpmClientBackend backend) {
        this.process = process;
        this.backend = backend;
    }

    /** The client connected to this swtpm. */
    public SwtpmClientBackend backend() {
        return backend;
    }

    /** swtpm on a free TCP port pair, the TPM initialized and started (Startup(CLEAR)). */
    public static SwtpmProcess tcp(Path stateDir) throws IOException, InterruptedException {
        int port = freePortPair();
        Process p = start(stateDir, "--server", "type=tcp,port=" + port + ",bindaddr=127.0.0.1",
                "--ctrl", "type=tcp,port=" + (port + 1) + ",bindaddr=127.0.0.1",
                "--flags", "not-need-init,startup-clear");
        return connectWhenUp(p, () -> SwtpmClientBackend.connect(new Endpoint.Tcp("127.0.0.1", port),
                new Endpoint.Tcp("127.0.0.1", port + 1)));
    }

    /** swtpm as QEMU's -tpmdev emulator runs it: a unix control socket, the TPM not initialized. */
    public static SwtpmProcess unixLikeQemu(Path stateDir) throws IOException, InterruptedException {
        Path ctrl = stateDir.resolve("ctrl.sock");
        Process p = start(stateDir, "--ctrl", "type=unixio,path=" + ctrl);
        return connectWhenUp(p, () -> {
            if (!Files.exists(ctrl)) {
                throw new TpmBackendException("no control socket yet");
            }
            return SwtpmClientBackend.connectWithDataFd(ctrl);
        });
    }

    private static Process start(Path stateDir, String... channel) throws IOException {
        Path swtpm = Peers.require("swtpm", "swtpm");
        List<String> cmd = new ArrayList<>(List.of(swtpm.toString(), "socket", "--tpm2", "--tpmstate", "dir=" + stateDir));
        cmd.addAll(List.of(channel));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(stateDir.resolve("swtpm.log").toFile()).start();
    }

    private interface Connector {
        SwtpmClientBackend connect();
    }

    private static SwtpmProcess connectWhenUp(Process p, Connector connector) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return new SwtpmProcess(p, connector.connect());
            } catch (TpmBackendException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IOException("swtpm did not come up: " + e.getMessage(), e);
                }
                Thread.sleep(50);
            }
        }
    }

    private static int freePortPair() throws IOException {
        int first = 2600 + (int) (ProcessHandle.current().pid() % 45) * 2;
        for (int i = 0; i < 50; i++) {
            int port = 2600 + (first - 2600 + 2 * i) % 100;
            try (ServerSocket a = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
                 ServerSocket b = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
                if (a.isBound() && b.isBound()) {
                    return port;
                }
            } catch (IOException busy) {
                // the next pair
            }
        }
        throw new IOException("no free port pair in 2600-2699");
    }

    /** Closes the client and stops swtpm. */
    @Override
    public void close() {
        try {
            backend.close();
        } finally {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
