package io.jvtpm.engine.transport.mssim;

import io.jvtpm.engine.ManagedTpm;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.transport.net.BufferedConnection;
import io.jvtpm.engine.transport.net.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;


/**
 * The two sockets of the TCG reference simulator's protocol (TCG TPM 2.0 reference code,
 * TcpServer; tpm2-tss tcti-mssim as the client): the TPM socket (TPM_SEND_COMMAND with
 * locality and size, REMOTE_HANDSHAKE, the H-CRTM signals, SESSION_END, STOP) and the platform
 * socket (power, physical presence, cancel, NV, reset). Every handled message ends with a
 * 4-byte zero acknowledgement; an unknown one is answered 1 and ends the connection.
 */
public final class MssimChannels {
    private static final Logger LOG = LoggerFactory.getLogger(MssimChannels.class);
    /** A started message must arrive completely within this time. */
    static final long MESSAGE_DEADLINE_NANOS = 5_000_000_000L;
    static final int SERVER_VERSION = 1;
    /** tpmPlatformAvailable | tpmInRawMode | tpmSupportsPP, as the reference simulator reports. */
    static final int HANDSHAKE_FLAGS = 0x01 | 0x04 | 0x08;
    /** Read-ahead on the TPM socket: a whole TPM_SEND_COMMAND message in one read. */
    static final int READ_AHEAD = 8192;
    /** The largest H-CRTM data chunk or command accepted. */
    static final int MAX_DATA = 64 * 1024;

    private final ManagedTpm tpm;
    private final int maxBufferSize;
    private final Runnable stopRequest;
    private volatile boolean cancelAsserted;
    private volatile boolean nvAvailable = true;

    /**
     * @param maxBufferSize the largest command kept whole; larger ones are drained and answered
     *        by the TPM from their header
     * @param stopRequest called on TPM_STOP
     */
    public MssimChannels(ManagedTpm tpm, int maxBufferSize, Runnable stopRequest) {
        this.tpm = tpm;
        this.maxBufferSize = maxBufferSize;
        this.stopRequest = stopRequest;
    }

    /** True while the platform holds the cancel signal (SIGNAL_CANCEL_ON .. _OFF). */
    public boolean cancelAsserted() {
        return cancelAsserted;
    }

    /** True unless the platform signalled NV_OFF (the engine's NV itself stays usable). */
    public boolean nvAvailable() {
        return nvAvailable;
    }

    /** Serves one TPM-socket client until it ends its session or breaks. */
    public void serveTpm(Connection client) {
        serve(new BufferedConnection(client, READ_AHEAD), "TPM-socket", this::tpmMessage);
    }

    /** Serves one platform-socket client until it ends its session or breaks. */
    public void servePlatform(Connection c) {
        serve(c, "platform", this::platformMessage);
    }

    /** What one message leaves: an acknowledgement (0), a refusal (1) that ends the connection, or its end. */
    private enum Outcome { ACK, REFUSE, END }

    /** The messages one socket understands. */
    @FunctionalInterface
    private interface MessageHandler {
        Outcome handle(Connection c, MssimCommand cmd) throws IOException;
    }

    /** The loop both sockets share: read a command code, let {@code handler} act on it, answer. */
    private void serve(Connection c, String socket, MessageHandler handler) {
        try {
            while (true) {
                int code = readCommand(c);
                if (code < 0) {
                    return;
                }
                MssimCommand cmd = MssimCommand.of(code);
                Outcome outcome;
                if (cmd == null) {
                    LOG.debug("unknown {} command {}", socket, code);
                    outcome = Outcome.REFUSE;
                } else {
                    outcome = handler.handle(c, cmd);
                }
                if (outcome != Outcome.ACK) {
                    if (outcome == Outcome.REFUSE) {
                        writeU32(c, 1);
                    }
                    return;
                }
                writeU32(c, 0);
            }
        } catch (IOException e) {
            LOG.debug("{} client {} failed: {}", socket, c.describe(), e.getMessage());
        }
    }

    private Outcome tpmMessage(Connection c, MssimCommand cmd) throws IOException {
        return switch (cmd) {
            case SEND_COMMAND -> sendCommand(c) ? Outcome.ACK : Outcome.END;
            case REMOTE_HANDSHAKE -> handshake(c);
            case SIGNAL_HASH_START -> tpmSignal(tpm::hashStart);
            case SIGNAL_HASH_DATA -> {
                byte[] data = readVarBytes(c);
                yield data == null ? Outcome.END : tpmSignal(() -> tpm.hashData(data));
            }
            case SIGNAL_HASH_END -> tpmSignal(tpm::hashEnd);
            case SESSION_END, STOP -> end(cmd);
            default -> {
                LOG.debug("platform command {} on the TPM socket", cmd);
                yield Outcome.REFUSE;
            }
        };
    }

    private Outcome platformMessage(Connection c, MssimCommand cmd) {
        LOG.debug("platform {}", cmd);
        return switch (cmd) {
            case SIGNAL_POWER_ON -> tpmSignal(this::powerOn);
            case SIGNAL_POWER_OFF -> tpmSignal(this::powerOff);
            case SIGNAL_RESET, SIGNAL_RESTART -> tpmSignal(this::reset);
            case SIGNAL_PHYS_PRES_ON -> tpmSignal(() -> tpm.setPhysicalPresence(true));
            case SIGNAL_PHYS_PRES_OFF -> tpmSignal(() -> tpm.setPhysicalPresence(false));
            case SIGNAL_CANCEL_ON -> {
                cancelAsserted = true;
                yield tpmSignal(tpm::cancel);
            }
            case SIGNAL_CANCEL_OFF -> {
                cancelAsserted = false;
                yield Outcome.ACK;
            }
            case SIGNAL_NV_ON -> {
                nvAvailable = true;
                yield Outcome.ACK;
            }
            case SIGNAL_NV_OFF -> {
                nvAvailable = false;
                yield Outcome.ACK;
            }
            // the engine has no key cache to switch; the reference simulator only records it too
            case SIGNAL_KEY_CACHE_ON, SIGNAL_KEY_CACHE_OFF -> Outcome.ACK;
            case SESSION_END, STOP -> end(cmd);
            default -> {
                LOG.debug("TPM-socket command {} on the platform socket", cmd);
                yield Outcome.REFUSE;
            }
        };
    }

    /** Power on: _TPM_Init unless the TPM already runs. */
    private void powerOn() {
        if (!tpm.isRunning()) {
            tpm.init(false);
        }
    }

    private void powerOff() {
        if (tpm.isRunning()) {
            tpm.powerOff();
        }
    }

    /** Reset or restart: _TPM_Init of a running TPM; a powered-off one stays off. */
    private void reset() {
        if (tpm.isRunning()) {
            tpm.init(false);
        }
    }

    /** SESSION_END ends this connection; STOP also asks the server to stop. */
    private Outcome end(MssimCommand cmd) {
        if (cmd == MssimCommand.STOP) {
            stopRequest.run();
        }
        return Outcome.END;
    }

    /** REMOTE_HANDSHAKE: the client's version (zero ends the connection); answered version and flags. */
    private static Outcome handshake(Connection c) throws IOException {
        byte[] v = readExactly(c, 4);
        if (v == null || TpmWire.u32(v, 0) == 0) {
            return Outcome.END;
        }
        byte[] r = new byte[8];
        TpmWire.putU32(r, 0, SERVER_VERSION);
        TpmWire.putU32(r, 4, HANDSHAKE_FLAGS);
        c.write(r);
        return Outcome.ACK;
    }

    private Outcome tpmSignal(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error("platform signal failed: {}", e.toString());
        }
        return Outcome.ACK;
    }

    /** TPM_SEND_COMMAND: locality byte, size, command; answered size, response (the ack follows). */
    private boolean sendCommand(Connection c) throws IOException {
        byte[] head = readExactly(c, 5);
        if (head == null) {
            return false;
        }
        int locality = head[0] & 0xff;
        long size = Integer.toUnsignedLong(TpmWire.u32(head, 1));
        int limit = Math.max(maxBufferSize, TpmWire.HEADER_SIZE);
        int keep = (int) Math.min(size, limit);
        byte[] command = readExactly(c, keep);
        if (command == null) {
            return false;
        }
        long rest = size - keep;
        byte[] sink = new byte[8192];
        long deadline = System.nanoTime() + MESSAGE_DEADLINE_NANOS;
        while (rest > 0) {
            int n = c.readFully(sink, 0, (int) Math.min(sink.length, rest), deadline);
            if (n <= 0) {
                return false;
            }
            rest -= n;
        }
        byte[] response;
        if (!tpm.isRunning()) {
            response = TpmWire.errorResponse(TpmRc.FAILURE);
        } else if (locality > 4) {
            response = TpmWire.errorResponse(TpmRc.LOCALITY);
        } else {
            try {
                response = tpm.execute(locality, command);
            } catch (RuntimeException e) {
                LOG.error("TPM command failed in the backend: {}", e.toString());
                response = TpmWire.errorResponse(TpmRc.FAILURE);
            }
        }
        byte[] out = new byte[4 + response.length];
        TpmWire.putU32(out, 0, response.length);
        System.arraycopy(response, 0, out, 4, response.length);
        c.write(out);
        return true;
    }

    private static int readCommand(Connection c) throws IOException {
        byte[] b = new byte[4];
        int n = c.read(b, 0, 4, 0);
        if (n == Connection.EOF) {
            return -1;
        }
        if (n < 4 && n + c.readFully(b, n, 4 - n, System.nanoTime() + MESSAGE_DEADLINE_NANOS) < 4) {
            return -1;
        }
        return TpmWire.u32(b, 0);
    }

    private static byte[] readExactly(Connection c, int len) throws IOException {
        byte[] b = new byte[len];
        return c.readFully(b, 0, len, System.nanoTime() + MESSAGE_DEADLINE_NANOS) == len ? b : null;
    }

    private static byte[] readVarBytes(Connection c) throws IOException {
        byte[] len = readExactly(c, 4);
        if (len == null) {
            return null;
        }
        long n = Integer.toUnsignedLong(TpmWire.u32(len, 0));
        if (n > MAX_DATA) {
            return null;
        }
        return readExactly(c, (int) n);
    }

    private static void writeU32(Connection c, int v) throws IOException {
        byte[] b = new byte[4];
        TpmWire.putU32(b, 0, v);
        c.write(b);
    }

}
