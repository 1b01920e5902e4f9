package io.jvtpm.crb.testing;

import io.jvtpm.engine.TpmBackend;
import io.jvtpm.engine.TpmBackendException;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real swtpm (TPM 2.0, libtpms) started for a test, and a minimal {@link TpmBackend} over its
 * TCP data channel (raw TPM commands) and control channel (swtpm's CMD_* protocol, big-endian:
 * SET_LOCALITY 5, CANCEL_TPM_CMD 9, GET_TPMESTABLISHED 4, RESET_TPMESTABLISHED 11, INIT 2,
 * SHUTDOWN 3, SET_BUFFERSIZE 17). Ports come from 2600-2699.
 */
public final class SwtpmPeer implements TpmBackend {

    private static final int CMD_INIT = 2;
    private static final int CMD_SHUTDOWN = 3;
    private static final int CMD_GET_TPMESTABLISHED = 4;
    private static final int CMD_SET_LOCALITY = 5;
    private static final int CMD_CANCEL_TPM_CMD = 9;
    private static final int CMD_RESET_TPMESTABLISHED = 11;
    private static final int CMD_SET_BUFFERSIZE = 17;

    private final Process process;
    private final Socket data;
    private final Socket ctrl;
    private final Object dataLock = new Object();
    private final Object ctrlLock = new Object();
    private int locality = -1;

    private SwtpmPeer(Process process, Socket data, Socket ctrl) {
        this.process = process;
        this.data = data;
        this.ctrl = ctrl;
    }

    /** Starts {@code swtpm socket --tpm2} on a free port pair with its state in {@code stateDir}, TPM started (Startup(CLEAR)). */
    public static SwtpmPeer start(Path stateDir) throws IOException, InterruptedException {
        Path swtpm = Peers.require("swtpm", "swtpm");
        int port = freePortPair();
        Process p = new ProcessBuilder(List.of(swtpm.toString(), "socket", "--tpm2",
                "--server", "type=tcp,port=" + port + ",bindaddr=127.0.0.1",
                "--ctrl", "type=tcp,port=" + (port + 1) + ",bindaddr=127.0.0.1",
                "--flags", "not-need-init,startup-clear", "--tpmstate", "dir=" + stateDir))
                .redirectErrorStream(true).redirectOutput(stateDir.resolve("swtpm.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                Socket c = new Socket(InetAddress.getLoopbackAddress(), port + 1);
                Socket d = new Socket(InetAddress.getLoopbackAddress(), port);
                d.setTcpNoDelay(true);
                c.setTcpNoDelay(true);
                d.setSoTimeout(30_000);
                c.setSoTimeout(30_000);
                return new SwtpmPeer(p, d, c);
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IOException("swtpm did not come up on port " + port + ": " + e.getMessage(), e);
                }
                Thread.sleep(50);
            }
        }
    }

    private static int freePortPair() throws IOException {
        for (int port = 2600 + (int) (ProcessHandle.current().pid() % 40) * 2; port < 2698; port += 2) {
            try (ServerSocket a = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
                 ServerSocket b = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException busy) {
                // try the next pair
            }
        }
        throw new IOException("no free port pair in 2600-2699");
    }

    @Override
    public byte[] execute(int loc, byte[] command) {
        synchronized (dataLock) {
            try {
                if (loc != locality) {
                    ctrl(CMD_SET_LOCALITY, new byte[] {(byte) loc, 0, 0, 0}, 4);
                    locality = loc;
                }
                OutputStream out = data.getOutputStream();
                out.write(command);
                out.flush();
                DataInputStream in = new DataInputStream(data.getInputStream());
                byte[] head = new byte[10];
                in.readFully(head);
                int size = ByteBuffer.wrap(head).getInt(2);
                if (size < 10 || size > 1 << 16) {
                    throw new TpmBackendException("swtpm answered a response of size " + size);
                }
                byte[] rsp = new byte[size];
                System.arraycopy(head, 0, rsp, 0, 10);
                in.readFully(rsp, 10, size - 10);
                return rsp;
            } catch (IOException e) {
                throw new TpmBackendException("swtpm data channel: " + e.getMessage(), e);
            }
        }
    }

    /** Sends one control command; returns its response of {@code responseSize} bytes (result first). */
    private byte[] ctrl(int cmd, byte[] payload, int responseSize) {
        synchronized (ctrlLock) {
            try {
                OutputStream out = ctrl.getOutputStream();
                out.write(ByteBuffer.allocate(4 + payload.length).putInt(cmd).put(payload).array());
                out.flush();
                DataInputStream in = new DataInputStream(ctrl.getInputStream());
                byte[] rsp = new byte[responseSize];
                in.readFully(rsp, 0, 4); // the result; on an error swtpm sends nothing more
                int result = ByteBuffer.wrap(rsp).getInt(0);
                if (result != 0) {
                    throw new TpmBackendException("swtpm control command " + cmd + " failed: 0x" + Integer.toHexString(result));
                }
                in.readFully(rsp, 4, responseSize - 4);
                return rsp;
            } catch (IOException e) {
                throw new TpmBackendException("swtpm control channel: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void cancel() {
        ctrl(CMD_CANCEL_TPM_CMD, new byte[0], 4);
    }

    @Override
    public boolean isEstablished() {
        return ctrl(CMD_GET_TPMESTABLISHED, new byte[0], 8)[4] != 0;
    }

    @Override
    public void resetEstablished(int loc) {
        ctrl(CMD_RESET_TPMESTABLISHED, new byte[] {(byte) loc, 0, 0, 0}, 4);
    }

    @Override
    public void init() {
        ctrl(CMD_INIT, new byte[4], 4);
    }

    @Override
    public void powerOff() {
        ctrl(CMD_SHUTDOWN, new byte[0], 4);
    }

    @Override
    public int bufferSize() {
        return setBufferSize(0);
    }

    @Override
    public int setBufferSize(int requested) {
        return ByteBuffer.wrap(ctrl(CMD_SET_BUFFERSIZE, ByteBuffer.allocate(4).putInt(requested).array(), 16)).getInt(4);
    }

    /** Closes the channels and stops swtpm. */
    @Override
    public void close() {
        try {
            data.close();
            ctrl.close();
        } catch (IOException ignored) {
            // the process goes anyway
        }
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
