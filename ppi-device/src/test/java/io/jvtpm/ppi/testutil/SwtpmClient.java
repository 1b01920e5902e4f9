package io.jvtpm.ppi.testutil;

import io.jvtpm.engine.TpmBackend;
import io.jvtpm.engine.TpmBackendException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A test-only {@link TpmBackend} over a real swtpm (swtpm socket --tpm2, TCP): raw TPM commands on
 * the data port, and the control channel's CMD_INIT (2) for _TPM_Init. It starts swtpm itself on
 * a free port pair in 2700-2799 and stops it on {@link #close()}.
 */
public final class SwtpmClient implements TpmBackend {

    private static final int CMD_INIT = 2;
    private static final int CMD_SHUTDOWN = 3;

    private final Process process;
    private final Socket data;
    private final Socket ctrl;
    private final DataInputStream dataIn;
    private final DataOutputStream dataOut;
    private final DataInputStream ctrlIn;
    private final DataOutputStream ctrlOut;

    private SwtpmClient(Process process, Socket data, Socket ctrl) throws IOException {
        this.process = process;
        this.data = data;
        this.ctrl = ctrl;
        this.dataIn = new DataInputStream(data.getInputStream());
        this.dataOut = new DataOutputStream(data.getOutputStream());
        this.ctrlIn = new DataInputStream(ctrl.getInputStream());
        this.ctrlOut = new DataOutputStream(ctrl.getOutputStream());
    }

    /** Starts swtpm with its state in {@code stateDir} (initialized, not started) and connects. */
    public static SwtpmClient start(Path stateDir) throws IOException, InterruptedException {
        Path swtpm = Peer.require("swtpm");
        for (int port = 2700; port < 2800; port += 2) {
            if (!free(port) || !free(port + 1)) {
                continue;
            }
            Process p = new ProcessBuilder(swtpm.toString(), "socket", "--tpm2",
                    "--server", "type=tcp,port=" + port + ",bindaddr=127.0.0.1",
                    "--ctrl", "type=tcp,port=" + (port + 1) + ",bindaddr=127.0.0.1",
                    "--flags", "not-need-init", "--tpmstate", "dir=" + stateDir)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            for (int i = 0; i < 100; i++) {
                if (!p.isAlive()) {
                    break;
                }
                try {
                    Socket c = new Socket("127.0.0.1", port + 1);
                    Socket d = new Socket("127.0.0.1", port);
                    return new SwtpmClient(p, d, c);
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            p.destroyForcibly();
        }
        throw new IOException("could not start swtpm on a port pair in 2700-2799");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public synchronized byte[] execute(int locality, byte[] command) {
        try {
            dataOut.write(command);
            dataOut.flush();
            byte[] header = new byte[10];
            dataIn.readFully(header);
            int size = ((header[2] & 0xFF) << 24) | ((header[3] & 0xFF) << 16) | ((header[4] & 0xFF) << 8)
                    | (header[5] & 0xFF);
            byte[] resp = new byte[size];
            System.arraycopy(header, 0, resp, 0, 10);
            dataIn.readFully(resp, 10, size - 10);
            return resp;
        } catch (IOException e) {
            throw new TpmBackendException("swtpm data channel: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void init() {
        try {
            ctrlOut.writeInt(CMD_INIT);
            ctrlOut.writeInt(0);
            ctrlOut.flush();
            int result = ctrlIn.readInt();
            if (result != 0) {
                throw new TpmBackendException("swtpm CMD_INIT answered " + result);
            }
        } catch (IOException e) {
            throw new TpmBackendException("swtpm control channel: " + e.getMessage(), e);
        }
    }

    @Override
    public void cancel() {
    }

    @Override
    public boolean isEstablished() {
        return false;
    }

    @Override
    public void resetEstablished(int locality) {
    }

    @Override
    public void powerOff() {
    }

    @Override
    public int bufferSize() {
        return 4096;
    }

    @Override
    public int setBufferSize(int requested) {
        return 4096;
    }

    @Override
    public synchronized void close() {
        try {
            ctrlOut.writeInt(CMD_SHUTDOWN);
            ctrlOut.flush();
            ctrlIn.readInt();
        } catch (IOException ignored) {
            // swtpm is stopped below in any case
        }
        try {
            data.close();
            ctrl.close();
        } catch (IOException ignored) {
            // closing
        }
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
