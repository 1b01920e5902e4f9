package io.jvtpm.engine.transport.ptm;

import io.jvtpm.engine.ManagedTpm;
import io.jvtpm.engine.TpmBackendException;
import io.jvtpm.engine.TpmStateException;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.transport.net.Connection;
import io.jvtpm.engine.transport.net.LibC;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * The server side of swtpm's control channel (swtpm's ctrlchannel, tpm_ioctl.h): reads CMD_*
 * messages the way swtpm does (the first chunk, then what the command's size asks for within
 * 500 ms), runs them against the {@link ManagedTpm} and answers with swtpm's layouts and
 * result codes, including its answers to out-of-order use (TPM_BAD_ORDINAL while the TPM is
 * stopped or running, TPM_BAD_PARAMETER for short or surplus bytes).
 */
public final class ControlChannel {
    private static final Logger LOG = LoggerFactory.getLogger(ControlChannel.class);
    /** swtpm gives a control message 500 ms to arrive completely. */
    static final long MESSAGE_DEADLINE_NANOS = 500_000_000L;
    /** Command code plus the largest fixed body (ptm_hdata: length + 4096 bytes). */
    static final int FIRST_CHUNK = 4 + 4 + 4096;
    /** The largest state blob or hash data accepted. */
    static final int MAX_VARIABLE_DATA = 16 * 1024 * 1024;
    /** ptm_getinfo's response buffer. */
    static final int INFO_BUFFER = 3 * 1024;
    static final int STATE_FLAG_ENCRYPTED = 2;

    private final SwtpmSession session;
    private final ManagedTpm tpm;

    public ControlChannel(SwtpmSession session) {
        this.session = session;
        this.tpm = session.tpm();
    }

    /** What serving one client ended with. */
    public enum End {
        /** The client closed or broke its connection. */
        DISCONNECTED,
        /** The client sent CMD_SHUTDOWN. */
        SHUTDOWN
    }

    /** Serves {@code conn} until it disconnects or sends CMD_SHUTDOWN; never throws for what the client sends. */
    public End serve(Connection conn) {
        try {
            while (true) {
                Message m = receive(conn);
                if (m == null) {
                    return End.DISCONNECTED;
                }
                byte[] response = handle(m);
                if (LOG.isDebugEnabled()) {
                    LOG.debug("control 0x{} answered {}", Integer.toHexString(m.command), TpmWire.hex(response, 16));
                }
                conn.write(response);
                if (m.command == PtmCommand.SHUTDOWN.code() && m.body.length == 0) {
                    session.requestShutdown();
                    return End.SHUTDOWN;
                }
            }
        } catch (IOException e) {
            LOG.debug("control connection {} failed: {}", conn.describe(), e.getMessage());
            return End.DISCONNECTED;
        } finally {
            conn.takeReceivedFd().ifPresent(LibC::closeQuietly);
        }
    }

    /** One received message: the code, everything after it, and a descriptor that came along. */
    record Message(int command, byte[] body, OptionalInt fd) {
    }

    /** Reads one message; null when the client is gone or did not complete it in time. */
    static Message receive(Connection conn) throws IOException {
        byte[] buf = new byte[FIRST_CHUNK];
        int got = conn.read(buf, 0, buf.length, 0);
        if (got == Connection.EOF) {
            return null;
        }
        OptionalInt fd = conn.takeReceivedFd();
        long deadline = System.nanoTime() + MESSAGE_DEADLINE_NANOS;
        try {
            if (got < 4) {
                got += conn.readFully(buf, got, 4 - got, deadline);
                if (got < 4) {
                    return incomplete(conn, fd, got);
                }
            }
            int cmd = TpmWire.u32(buf, 0);
            PtmCommand c = PtmCommand.of(cmd);
            int needed = 4 + (c == null ? 0 : c.requestSize());
            if (got < needed) {
                got += conn.readFully(buf, got, needed - got, deadline);
                if (got < needed) {
                    return incomplete(conn, fd, got);
                }
            }
            long variable = 0;
            if (c == PtmCommand.HASH_DATA) {
                variable = Integer.toUnsignedLong(TpmWire.u32(buf, 4));
            } else if (c == PtmCommand.SET_STATEBLOB) {
                variable = Integer.toUnsignedLong(TpmWire.u32(buf, 12));
            }
            if (variable > MAX_VARIABLE_DATA) {
                LOG.debug("control message {} announces {} bytes, more than the {} accepted", cmd, variable,
                        MAX_VARIABLE_DATA);
                return new Message(cmd, Arrays.copyOfRange(buf, 4, got), fd);
            }
            int total = needed + (int) variable;
            if (total > buf.length) {
                buf = Arrays.copyOf(buf, total);
            }
            while (got < total) {
                // past the first deadline, each further piece of a long blob gets 500 ms of its own
                int n = conn.readFully(buf, got, total - got, Math.max(deadline, System.nanoTime() + MESSAGE_DEADLINE_NANOS));
                if (n == 0) {
                    return incomplete(conn, fd, got);
                }
                got += n;
            }
            return new Message(cmd, Arrays.copyOfRange(buf, 4, got), fd);
        } catch (IOException e) {
            fd.ifPresent(LibC::closeQuietly);
            throw e;
        }
    }

    private static Message incomplete(Connection conn, OptionalInt fd, int got) {
        LOG.debug("control message from {} incomplete after {} bytes; closing", conn.describe(), got);
        fd.ifPresent(LibC::closeQuietly);
        return null;
    }

    /** Runs one message and returns the bytes to answer. */
    byte[] handle(Message m) {
        PtmCommand c = PtmCommand.of(m.command);
        boolean fdTaken = false;
        try {
            if (c == null) {
                LOG.debug("unknown control command 0x{}", Integer.toHexString(m.command));
                return result(PtmResult.BAD_ORDINAL);
            }
            byte[] b = m.body;
            int n = b.length;
            LOG.debug("control {} ({} bytes)", c, n);
            switch (c) {
                case GET_CAPABILITY: {
                    byte[] r = new byte[8];
                    long caps = PtmCapability.all();
                    TpmWire.putU32(r, 0, (int) (caps >>> 32));
                    TpmWire.putU32(r, 4, (int) caps);
                    return r;
                }
                case INIT: {
                    if (n != 4) {
                        return result(PtmResult.BAD_PARAMETER);
                    }
                    boolean deleteVolatile = (TpmWire.u32(b, 0) & 1) != 0;
                    try {
                        tpm.init(deleteVolatile);
                        return result(PtmResult.SUCCESS);
                    } catch (TpmBackendException e) {
                        LOG.error("CMD_INIT failed: {}", e.getMessage());
                        return result(PtmResult.FAIL);
                    }
                }
                case STOP:
                    if (n != 0) {
                        return result(PtmResult.BAD_PARAMETER);
                    }
                    return powerOff();
                case SHUTDOWN:
                    if (n != 0) {
                        return result(PtmResult.BAD_PARAMETER);
                    }
                    return powerOff();
                case GET_TPMESTABLISHED: {
                    if (!tpm.isRunning()) {
                        return result(PtmResult.BAD_ORDINAL);
                    }
                    if (n != 0) {
                        return result(PtmResult.BAD_PARAMETER);
                    }
                    byte[] r = new byte[8];
                    r[4] = (byte) (tpm.isEstablished() ? 1 : 0);
                    return r;
                }
                case RESET_TPMESTABLISHED: {
                    if (!tpm.isRunning()) {
                        return result(PtmResult.BAD_ORDINAL);
                    }
                    if (n < 1) {
                        return result(PtmResult.BAD_PARAMETER);
                    }
                    int loc = b[0] & 0xff;
                    if (loc != 3 && loc != 4) {
                        return result(PtmResult.BAD_LOCALITY);
                    }
                    tpm.resetEstablished(loc);
                    return result(PtmResult.SUCCESS);
                }
                case SET_LOCALITY: {
                    if (n < 1) {
                        return result(PtmResult.BAD_PARAMETER);
                    }
                    int loc = b[0] & 0xff;
                    if (loc > 4) {
                        return result(PtmResult.BAD_LOCALITY);
                    }
                    session.setLocality(loc);
                    return result(PtmResult.SUCCESS);
                }
                case HASH_START:
                    if (!tpm.isRunning()) {
                        return result(PtmResult.BAD_ORDINAL);
                    }
                    if (n != 0) {
                        return result(PtmResult.BAD_PARAMETER);
                    }
                    tpm.hashStart();
                    return result(PtmResult.SUCCESS);
                case HASH_DATA: {
                    if (!tpm.isRunning()) {
                        return result(PtmResult.BAD_ORDINAL);
                    }
                    if (n < 4) {
                        return result(PtmResult.BAD_PARAMETER);
                    }
                    long len = Integer.toUnsignedLong(TpmWire.u32(b, 0));
                    if (len != n - 4L) {
                        return result(PtmResult.BAD_PARAMETER);
                    }
                    tpm.hashData(Arrays.copyOfRange(b, 4, n));
                    return result(PtmResult.SUCCESS);
                }
                case HASH_END:
                    if (!tpm.isRunning()) {
                        return result(PtmResult.BAD_ORDINAL);
                    }
                    if (n != 0) {
                        return result(PtmResult.BAD_PARAMETER);
                    }
                    tpm.hashEnd();
                    return result(PtmResult.SUCCESS);
                case CANCEL_TPM_CMD:
                    if (!tpm.isRunning()) {
                        return result(PtmResult.BAD_ORDINAL);
                    }
                    if (n != 0) {
                        return result(PtmResult.BAD_PARAMETER);
                    }
                    tpm.cancel();
                    return result(PtmResult.SUCCESS);
                case STORE_VOLATILE:
                    if (!tpm.isRunning()) {
                        return result(PtmResult.BAD_ORDINAL);
                    }
                    if (n != 0) {
                        return result(PtmResult.BAD_PARAMETER);
                    }
                    tpm.storeVolatile();
                    return result(PtmResult.SUCCESS);
                case GET_STATEBLOB:
                    if (!tpm.isRunning()) {
                        return result(PtmResult.BAD_ORDINAL);
                    }
                    if (n < 12) {
                        return result(PtmResult.BAD_PARAMETER);
                    }
                    return getStateBlob(TpmWire.u32(b, 4), TpmWire.u32(b, 8));
                case SET_STATEBLOB:
                    if (tpm.isRunning()) {
                        return result(PtmResult.BAD_ORDINAL);
                    }
                    if (n < 12) {
                        return result(PtmResult.BAD_PARAMETER);
                    }
                    return setStateBlob(TpmWire.u32(b, 0), TpmWire.u32(b, 4), TpmWire.u32(b, 8),
                            Arrays.copyOfRange(b, 12, n));
                case GET_CONFIG:
                    if (n != 0) {
                        return result(PtmResult.BAD_PARAMETER);
                    }
                    return new byte[8];
                case SET_DATAFD: {
                    PtmResult r = session.offerDataFd(m.fd.orElse(-1));
                    fdTaken = r == PtmResult.SUCCESS;
                    return result(r);
                }
                case SET_BUFFERSIZE: {
                    if (n < 4) {
                        return result(PtmResult.BAD_PARAMETER);
                    }
                    int requested = TpmWire.u32(b, 0);
                    if (requested != 0 && tpm.isRunning()) {
                        return result(PtmResult.BAD_ORDINAL);
                    }
                    int size;
                    if (requested == 0) {
                        size = tpm.bufferSize();
                    } else {
                        long clamped = Math.max(session.minBufferSize(),
                                Math.min(session.maxBufferSize(), Integer.toUnsignedLong(requested)));
                        size = tpm.setBufferSize((int) clamped);
                    }
                    byte[] r = new byte[16];
                    TpmWire.putU32(r, 4, size);
                    TpmWire.putU32(r, 8, session.minBufferSize());
                    TpmWire.putU32(r, 12, session.maxBufferSize());
                    return r;
                }
                case GET_INFO:
                    if (n < 16) {
                        return result(PtmResult.BAD_PARAMETER);
                    }
                    return getInfo(((long) TpmWire.u32(b, 0) << 32) | Integer.toUnsignedLong(TpmWire.u32(b, 4)),
                            Integer.toUnsignedLong(TpmWire.u32(b, 8)));
                default:
                    return result(PtmResult.BAD_ORDINAL);
            }
        } catch (RuntimeException e) {
            LOG.error("control command {} failed: {}", c, e.toString());
            return result(PtmResult.FAIL);
        } finally {
            if (!fdTaken) {
                m.fd.ifPresent(LibC::closeQuietly);
            }
        }
    }

    private byte[] powerOff() {
        try {
            if (tpm.isRunning()) {
                tpm.powerOff();
            }
            return result(PtmResult.SUCCESS);
        } catch (TpmBackendException e) {
            LOG.error("powering the TPM off failed: {}", e.getMessage());
            return result(PtmResult.FAIL);
        }
    }

    private byte[] getStateBlob(int type, int offset) {
        ManagedTpm.StateBlob kind = ManagedTpm.StateBlob.ofPtmType(type);
        if (kind == null) {
            return stateBlobHeader(PtmResult.BAD_PARAMETER, 0);
        }
        byte[] blob;
        try {
            blob = tpm.getStateBlob(kind);
        } catch (TpmBackendException e) {
            LOG.error("reading the {} state failed: {}", kind, e.getMessage());
            return stateBlobHeader(PtmResult.FAIL, 0);
        }
        long off = Integer.toUnsignedLong(offset);
        int len = off < blob.length ? blob.length - (int) off : 0;
        byte[] r = Arrays.copyOf(stateBlobHeader(PtmResult.SUCCESS, len), 16 + len);
        System.arraycopy(blob, (int) Math.min(off, blob.length), r, 16, len);
        return r;
    }

    private static byte[] stateBlobHeader(PtmResult res, int length) {
        byte[] r = new byte[16];
        TpmWire.putU32(r, 0, res.code());
        TpmWire.putU32(r, 8, length);
        TpmWire.putU32(r, 12, length);
        return r;
    }

    private byte[] setStateBlob(int flags, int type, int length, byte[] data) {
        ManagedTpm.StateBlob kind = ManagedTpm.StateBlob.ofPtmType(type);
        if (kind == null || (flags & STATE_FLAG_ENCRYPTED) != 0 || Integer.toUnsignedLong(length) != data.length) {
            return result(PtmResult.BAD_PARAMETER);
        }
        try {
            tpm.setStateBlob(kind, data);
            return result(PtmResult.SUCCESS);
        } catch (TpmStateException e) {
            LOG.debug("rejected {} state blob: {}", kind, e.getMessage());
            return result(PtmResult.BAD_PARAMETER);
        } catch (TpmBackendException e) {
            LOG.error("storing the {} state failed: {}", kind, e.getMessage());
            return result(PtmResult.FAIL);
        }
    }

    private byte[] getInfo(long flags, long offset) {
        String text = session.info().info(flags);
        if (text == null) {
            return result(PtmResult.FAIL);
        }
        byte[] s = text.getBytes(StandardCharsets.US_ASCII);
        if (offset >= s.length) {
            return result(PtmResult.BAD_PARAMETER);
        }
        int total = s.length + 1;
        int len = (int) Math.min(total - offset, INFO_BUFFER);
        byte[] r = new byte[12 + len];
        TpmWire.putU32(r, 4, total);
        TpmWire.putU32(r, 8, len);
        System.arraycopy(s, (int) offset, r, 12, Math.min(len, s.length - (int) offset));
        return r;
    }

    private static byte[] result(PtmResult r) {
        byte[] b = new byte[4];
        TpmWire.putU32(b, 0, r.code());
        return b;
    }
}
