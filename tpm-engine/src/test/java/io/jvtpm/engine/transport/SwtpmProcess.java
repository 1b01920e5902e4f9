package io.jvtpm.engine.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real {@code swtpm socket --tpm2} for peer tests, stopped on close. */
public final class SwtpmProcess implements AutoCloseable {
    private final Process process;
    public final int dataPort;
    public final int ctrlPort;
    public final Path ctrlSocket;

    private SwtpmProcess(Process process, int dataPort, int ctrlPort, Path ctrlSocket) {
        this.process = process;
        this.dataPort = dataPort;
        this.ctrlPort = ctrlPort;
        this.ctrlSocket = ctrlSocket;
    }

    /** swtpm on a free TCP port pair (data, data+1 control); {@code flags} e.g. "not-need-init,startup-clear" or null. */
    public static SwtpmProcess tcp(Path stateDir, String flags) throws IOException, InterruptedException {
        String swtpm = Peers.require("swtpm");
        int port = Peers.freePortPair();
        List<String> cmd = new ArrayList<>(List.of(swtpm, "socket", "--tpm2", "--tpmstate", "dir=" + stateDir,
                "--server", "type=tcp,port=" + port + ",bindaddr=127.0.0.1",
                "--ctrl", "type=tcp,port=" + (port + 1) + ",bindaddr=127.0.0.1"));
        if (flags != null) {
            cmd.add("--flags");
            cmd.add(flags);
        }
        SwtpmProcess p = new SwtpmProcess(new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start(), port, port + 1, null);
        p.waitForTcp(port + 1);
        return p;
    }

    /** swtpm with only a unix control socket (data arrives with CMD_SET_DATAFD), as QEMU runs it. */
    public static SwtpmProcess unixControl(Path stateDir, Path ctrlSocket) throws IOException, InterruptedException {
        String swtpm = Peers.require("swtpm");
        Process proc = new ProcessBuilder(swtpm, "socket", "--tpm2", "--tpmstate", "dir=" + stateDir,
                "--ctrl", "type=unixio,path=" + ctrlSocket).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        SwtpmProcess p = new SwtpmProcess(proc, -1, -1, ctrlSocket);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(ctrlSocket)) {
            if (System.nanoTime() > deadline || !proc.isAlive()) {
                p.close();
                throw new IOException("swtpm did not create " + ctrlSocket);
            }
            Thread.sleep(20);
        }
        return p;
    }

    private void waitForTcp(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    close();
                    throw new IOException("swtpm did not listen on " + port, e);
                }
                Thread.sleep(20);
            }
        }
    }

    /** True once the process has exited within {@code millis}. */
    public boolean exited(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
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
