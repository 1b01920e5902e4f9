package io.jvtpm.tis;

import io.jvtpm.engine.TpmBackend;
import io.jvtpm.engine.TpmBackendException;

import java.io.DataInputStream;
import java.io.DataOutputStream;
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
 * A real {@code swtpm socket --tpm2} started for a test, and a minimal test-only
 * {@link TpmBackend} client of it: TPM commands as raw bytes on the data socket, and the few
 * control-channel messages a device needs (swtpm's ioctl protocol over TCP: CMD_SET_LOCALITY,
 * CMD_CANCEL_TPM_CMD, CMD_GET_TPMESTABLISHED, CMD_RESET_TPMESTABLISHED, CMD_INIT,
 * CMD_SHUTDOWN, CMD_SET_BUFFERSIZE; big-endian). Ports come from 2500-2599.
 */
final class SwtpmProcess implements TpmBackend {
    private static final int CMD_INIT = 2;
    private static final int CMD_SHUTDOWN = 3;
    private static final int CMD_GET_TPMESTABLISHED = 4;
    private static final int CMD_SET_LOCALITY = 5;
    private static final int CMD_CANCEL_TPM_CMD = 9;
    private static final int CMD_RESET_TPMESTABLISHED = 11;
    private static final int CMD_SET_BUFFERSIZE = 17;

    private final Process process;
    private final Path stateDir;
    private final Socket data;
    private final Socket ctrl;
    private final DataInputStream dataIn;
    private final DataOutputStream dataOut;
    private final DataInputStream ctrlIn;
    private final DataOutputStream ctrlOut;
    private final Object dataLock = new Object();
    private final Object ctrlLock = new Object();
    private int locality;

    private SwtpmProcess(Process process, Path stateDir, Socket data, Socket ctrl) throws IOException {
        this.process = process;
        this.stateDir = stateDir;
        this.data = data;
        this.ctrl = ctrl;
        this.dataIn = new DataInputStream(data.getInputStream());
        this.dataOut = new DataOutputStream(data.getOutputStream());
        this.ctrlIn = new DataInputStream(ctrl.getInputStream());
        this.ctrlOut = new DataOutputStream(ctrl.getOutputStream());
    }

    /** Starts swtpm (already past TPM2_Startup(CLEAR)) on a fresh state directory. */
    static SwtpmProcess start(Path swtpm) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("tis-swtpm");
        IOException last = null;
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
                try {
                    Socket c = new Socket(InetAddress.getLoopbackAddress(), port + 1);
                    Socket d = new Socket(InetAddress.getLoopbackAddress(), port);
                    c.setSoTimeout(30_000);
                    d.setSoTimeout(30_000);
                    return new SwtpmProcess(p, dir, d, c);
                } catch (IOException e) {
                    last = e;
                    Thread.sleep(20);
                }
            }
            p.destroyForcibly();
        }
        deleteTree(dir);
        throw new IOException("swtpm did not come up on any port pair in 2500-2599", last);
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public byte[] execute(int loc, byte[] command) {
        synchronized (dataLock) {
            try {
                if (loc != locality) {
                    control(CMD_SET_LOCALITY, new byte[] {(byte) loc}, 0);
                    locality = loc;
                }
                dataOut.write(command);
                dataOut.flush();
                byte[] header = new byte[10];
                dataIn.readFully(header);
                int size = ((header[2] & 0xFF) << 24) | ((header[3] & 0xFF) << 16) | ((header[4] & 0xFF) << 8) | (header[5] & 0xFF);
                if (size < 10 || size > 65536) {
                    throw new TpmBackendException("swtpm answered a size of " + size);
                }
                byte[] rsp = new byte[size];
                System.arraycopy(header, 0, rsp, 0, 10);
                dataIn.readFully(rsp, 10, size - 10);
                return rsp;
            } catch (IOException e) {
                throw new TpmBackendException("swtpm data channel: " + e.getMessage(), e);
            }
        }
    }

    /** Sends one control message; returns the bytes after the 4-byte result (which must be 0). */
    private byte[] control(int cmd, byte[] payload, int extra) {
        synchronized (ctrlLock) {
            try {
                // one write: swtpm reads a control message with a single read()
                ctrlOut.write(java.nio.ByteBuffer.allocate(4 + payload.length).putInt(cmd).put(payload).array());
                ctrlOut.flush();
                int result = ctrlIn.readInt();
                if (result != 0) {
                    throw new TpmBackendException("swtpm control command " + cmd + " failed: 0x" + Integer.toHexString(result));
                }
                byte[] rest = new byte[extra];
                ctrlIn.readFully(rest);
                return rest;
            } catch (IOException e) {
                throw new TpmBackendException("swtpm control channel: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void cancel() {
        control(CMD_CANCEL_TPM_CMD, new byte[0], 0);
    }

    @Override
    public boolean isEstablished() {
        return (control(CMD_GET_TPMESTABLISHED, new byte[0], 4)[0] & 1) != 0;
    }

    @Override
    public void resetEstablished(int loc) {
        control(CMD_RESET_TPMESTABLISHED, new byte[] {(byte) loc}, 0);
    }

    @Override
    public void init() {
        control(CMD_INIT, new byte[4], 0);
    }

    @Override
    public void powerOff() {
        control(CMD_SHUTDOWN, new byte[0], 0);
    }

    @Override
    public int bufferSize() {
        byte[] r = control(CMD_SET_BUFFERSIZE, new byte[4], 12);
        return ((r[0] & 0xFF) << 24) | ((r[1] & 0xFF) << 16) | ((r[2] & 0xFF) << 8) | (r[3] & 0xFF);
    }

    @Override
    public int setBufferSize(int requested) {
        throw new UnsupportedOperationException("not needed by the TIS tests");
    }

    @Override
    public void close() {
        try {
            data.close();
            ctrl.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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

    static List<String> withoutStartup(List<String> transcript) {
        return transcript.subList(1, transcript.size());
    }
}
