package io.jvtpm.examples.boot.measure;

import io.jvtpm.engine.TpmBackend;
import io.jvtpm.examples.boot.Peers;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real swtpm (TPM 2.0, libtpms) on TCP for peer tests, and a minimal TpmBackend that sends raw
 * commands on its data port (the swtpm socket protocol carries commands as they are).
 */
final class SwtpmPeer implements AutoCloseable {

    final int port;
    private final Process process;

    private SwtpmPeer(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    static SwtpmPeer start(Path stateDir) throws IOException, InterruptedException {
        Path swtpm = Peers.program("swtpm");
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = 20000 + ThreadLocalRandom.current().nextInt(20000) * 2;
            if (!free(port) || !free(port + 1)) {
                continue;
            }
            Process p = new ProcessBuilder(swtpm.toString(), "socket", "--tpm2", "--tpmstate", "dir=" + stateDir,
                    "--server", "type=tcp,port=" + port + ",bindaddr=127.0.0.1",
                    "--ctrl", "type=tcp,port=" + (port + 1) + ",bindaddr=127.0.0.1",
                    "--flags", "not-need-init")
                    .redirectErrorStream(true).redirectOutput(stateDir.resolve("swtpm.log").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline && p.isAlive()) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    return new SwtpmPeer(port, p);
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            p.destroyForcibly().waitFor();
        }
        throw new IOException("swtpm did not start: " + Files.readString(stateDir.resolve("swtpm.log")));
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A connection to the data port; close it before another client (tpm2-tools) connects. */
    TpmBackend connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        return new TpmBackend() {
            @Override
            public byte[] execute(int locality, byte[] command) {
                try {
                    OutputStream out = s.getOutputStream();
                    out.write(command);
                    out.flush();
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    byte[] header = new byte[10];
                    in.readFully(header);
                    int size = ByteBuffer.wrap(header).getInt(2);
                    byte[] response = new byte[size];
                    System.arraycopy(header, 0, response, 0, 10);
                    in.readFully(response, 10, size - 10);
                    return response;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void cancel() {
                throw new UnsupportedOperationException("not used by these tests");
            }

            @Override
            public boolean isEstablished() {
                throw new UnsupportedOperationException("not used by these tests");
            }

            @Override
            public void resetEstablished(int locality) {
                throw new UnsupportedOperationException("not used by these tests");
            }

            @Override
            public void init() {
                throw new UnsupportedOperationException("not used by these tests");
            }

            @Override
            public void powerOff() {
                throw new UnsupportedOperationException("not used by these tests");
            }

            @Override
            public int bufferSize() {
                return 4096;
            }

            @Override
            public int setBufferSize(int requested) {
                throw new UnsupportedOperationException("not used by these tests");
            }

            @Override
            public void close() {
                try {
                    s.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
