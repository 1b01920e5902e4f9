package io.jvtpm.engine.transport;

import io.jvtpm.engine.TpmBackend;
import io.jvtpm.engine.TpmBackendException;
import io.jvtpm.engine.transport.net.Connection;
import io.jvtpm.engine.transport.net.Endpoint;
import io.jvtpm.engine.transport.net.FdConnection;
import io.jvtpm.engine.transport.ptm.PtmCommand;
import io.jvtpm.engine.transport.ptm.PtmResult;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmWire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A {@link TpmBackend} that is a client of an external swtpm-protocol server (swtpm 0.7.1
 * {@code swtpm socket}, or jvtpm's own), as QEMU's tpm_emulator backend is: TPM commands go
 * over the data channel, and cancel, the tpmEstablished flag, init, power-off, locality and
 * buffer size over the control channel (swtpm's tpm_ioctl.h).
 */
public final class SwtpmClientBackend implements TpmBackend {
    private static final Logger LOG = LoggerFactory.getLogger(SwtpmClientBackend.class);
    /** How long a control answer may take. */
    private static final long CONTROL_DEADLINE_NANOS = 30_000_000_000L;

    private final Endpoint controlEndpoint;
    private final Object dataLock = new Object();
    private final Object controlLock = new Object();
    private Connection data;
    private Connection control;
    private int locality = -1;

    private SwtpmClientBackend(Endpoint controlEndpoint, Connection data, Connection control) {
        this.controlEndpoint = controlEndpoint;
        this.data = data;
        this.control = control;
    }

    /** Connects to a server's data and control channels (both TCP, both unix, or mixed). */
    public static SwtpmClientBackend connect(Endpoint data, Endpoint control) {
        Connection d = null;
        try {
            d = data.connect();
            Connection c = control.connect();
            return new SwtpmClientBackend(control, d, c);
        } catch (IOException e) {
            if (d != null) {
                d.close();
            }
            throw new TpmBackendException("cannot connect to swtpm at " + data + " / " + control + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Connects to a server's unix control socket only and hands it one end of a new socketpair
     * with CMD_SET_DATAFD, as QEMU does; commands then flow over the other end.
     */
    public static SwtpmClientBackend connectWithDataFd(Path controlSocket) {
        Endpoint ce = new Endpoint.Unix(controlSocket);
        FdConnection ctrl = null;
        FdConnection[] pair = null;
        try {
            ctrl = (FdConnection) ce.connect();
            pair = FdConnection.socketPair();
            byte[] msg = new byte[4];
            TpmWire.putU32(msg, 0, PtmCommand.SET_DATAFD.code());
            ctrl.sendWithFd(msg, pair[1].fd());
            pair[1].close();
            byte[] r = readControl(ctrl, 4);
            int res = TpmWire.u32(r, 0);
            if (res != PtmResult.SUCCESS.code()) {
                throw new TpmBackendException("CMD_SET_DATAFD refused: " + PtmResult.describe(res));
            }
            return new SwtpmClientBackend(ce, pair[0], ctrl);
        } catch (IOException | RuntimeException e) {
            if (ctrl != null) {
                ctrl.close();
            }
            if (pair != null) {
                pair[0].close();
                pair[1].close();
            }
            if (e instanceof TpmBackendException t) {
                throw t;
            }
            throw new TpmBackendException("cannot hand a data socket to " + controlSocket + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] execute(int locality, byte[] command) {
        if (locality < 0 || locality > 4) {
            return TpmWire.errorResponse(TpmRc.LOCALITY);
        }
        synchronized (dataLock) {
            if (locality != this.locality) {
                byte[] arg = {(byte) locality};
                int res = TpmWire.u32(control(PtmCommand.SET_LOCALITY, arg, 4), 0);
                if (res != PtmResult.SUCCESS.code()) {
                    throw new TpmBackendException("CMD_SET_LOCALITY " + locality + " refused: " + PtmResult.describe(res));
                }
                this.locality = locality;
            }
            try {
                data.write(command);
                byte[] head = new byte[TpmWire.HEADER_SIZE];
                if (data.readFully(head, 0, head.length, Long.MAX_VALUE) < head.length) {
                    throw new TpmBackendException("swtpm closed the data channel");
                }
                long size = Integer.toUnsignedLong(TpmWire.u32(head, 2));
                if (size < TpmWire.HEADER_SIZE || size > 1 << 20) {
                    throw new TpmBackendException("swtpm sent a response of impossible size " + size);
                }
                byte[] rsp = Arrays.copyOf(head, (int) size);
                int rest = (int) size - head.length;
                if (data.readFully(rsp, head.length, rest, Long.MAX_VALUE) < rest) {
                    throw new TpmBackendException("swtpm closed the data channel mid-response");
                }
                return rsp;
            } catch (IOException e) {
                throw new TpmBackendException("swtpm data channel failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void cancel() {
        int res = result(control(PtmCommand.CANCEL_TPM_CMD, new byte[0], 4));
        if (res != PtmResult.SUCCESS.code()) {
            LOG.debug("CMD_CANCEL_TPM_CMD answered {}", PtmResult.describe(res));
        }
    }

    @Override
    public boolean isEstablished() {
        byte[] r = control(PtmCommand.GET_TPMESTABLISHED, new byte[0], 8);
        check(PtmCommand.GET_TPMESTABLISHED, r);
        return r[4] != 0;
    }

    @Override
    public void resetEstablished(int locality) {
        if (locality != 3 && locality != 4) {
            return;
        }
        check(PtmCommand.RESET_TPMESTABLISHED, control(PtmCommand.RESET_TPMESTABLISHED, new byte[] {(byte) locality}, 4));
    }

    @Override
    public void init() {
        check(PtmCommand.INIT, control(PtmCommand.INIT, new byte[4], 4));
    }

    @Override
    public void powerOff() {
        check(PtmCommand.STOP, control(PtmCommand.STOP, new byte[0], 4));
    }

    @Override
    public int bufferSize() {
        return setBufferSize(0);
    }

    @Override
    public int setBufferSize(int requested) {
        byte[] arg = new byte[4];
        TpmWire.putU32(arg, 0, requested);
        byte[] r = control(PtmCommand.SET_BUFFERSIZE, arg, 16);
        check(PtmCommand.SET_BUFFERSIZE, r);
        return TpmWire.u32(r, 4);
    }

    /** The 64-bit PTM_CAP_* mask of the server (CMD_GET_CAPABILITY). */
    public long capabilities() {
        byte[] r = control(PtmCommand.GET_CAPABILITY, new byte[0], 8);
        return ((long) TpmWire.u32(r, 0) << 32) | Integer.toUnsignedLong(TpmWire.u32(r, 4));
    }

    /** Sends CMD_SHUTDOWN: the server powers off, saves its state and exits. */
    public void shutdownServer() {
        check(PtmCommand.SHUTDOWN, control(PtmCommand.SHUTDOWN, new byte[0], 4));
    }

    private static int result(byte[] r) {
        return TpmWire.u32(r, 0);
    }

    private static void check(PtmCommand cmd, byte[] r) {
        int res = result(r);
        if (res != PtmResult.SUCCESS.code()) {
            throw new TpmBackendException("swtpm CMD_" + cmd + " failed: " + PtmResult.describe(res));
        }
    }

    /**
     * Sends one control message and reads its answer: {@code answerSize} bytes, or only the
     * 4-byte result when that is an error.
     */
    private byte[] control(PtmCommand cmd, byte[] body, int answerSize) {
        byte[] msg = new byte[4 + body.length];
        TpmWire.putU32(msg, 0, cmd.code());
        System.arraycopy(body, 0, msg, 4, body.length);
        synchronized (controlLock) {
            IOException first = null;
            for (int attempt = 0; attempt < 2; attempt++) {
                try {
                    if (control == null) {
                        control = controlEndpoint.connect();
                    }
                    control.write(msg);
                    if (cmd == PtmCommand.GET_CAPABILITY) {
                        return readControl(control, 8);
                    }
                    byte[] res = readControl(control, 4);
                    if (answerSize == 4 || result(res) != PtmResult.SUCCESS.code()) {
                        return res;
                    }
                    byte[] rest = readControl(control, answerSize - 4);
                    byte[] all = Arrays.copyOf(res, answerSize);
                    System.arraycopy(rest, 0, all, 4, rest.length);
                    return all;
                } catch (IOException e) {
                    if (first == null) {
                        first = e;
                    }
                    if (control != null) {
                        control.close();
                        control = null;
                    }
                    if (cmd == PtmCommand.SHUTDOWN) {
                        break;
                    }
                }
            }
            throw new TpmBackendException("swtpm control channel failed on CMD_" + cmd + ": " + first.getMessage(), first);
        }
    }

    private static byte[] readControl(Connection c, int len) throws IOException {
        byte[] b = new byte[len];
        if (c.readFully(b, 0, len, System.nanoTime() + CONTROL_DEADLINE_NANOS) < len) {
            throw new IOException("short control answer");
        }
        return b;
    }

    @Override
    public void close() {
        synchronized (controlLock) {
            if (control != null) {
                control.close();
                control = null;
            }
        }
        data.close();
    }
}
