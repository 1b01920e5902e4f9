package io.jvtpm.engine.transport.ptm;

import io.jvtpm.engine.ManagedTpm;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.transport.net.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The server side of swtpm's control channel (swtpm's ctrlchannel, tpm_ioctl.h): reads CMD_*
 * messages the way swtpm does (the first chunk, then what the command's size asks for within
 * 500 ms, a state blob or hash data within 500 ms plus 1 µs per byte), runs each through its
 * handler ({@link ControlHandlers}) against the {@link ManagedTpm} and answers with swtpm's
 * layouts and result codes.
 */
public final class ControlChannel {
    private static final Logger LOG = LoggerFactory.getLogger(ControlChannel.class);
    /** swtpm gives a control message 500 ms to arrive completely. */
    static final long MESSAGE_DEADLINE_NANOS = 500_000_000L;
    /** Command code plus the largest fixed body (ptm_hdata: length + 4096 bytes). */
    static final int FIRST_CHUNK = 4 + 4 + 4096;
    /**
     * Time a state blob or hash data may take per byte on top of the message deadline (1 µs: at
     * least about 1 MB/s, so a client that trickles a 16 MB blob holds the channel at most ~17 s).
     */
    static final long NANOS_PER_VARIABLE_BYTE = 1_000L;
    /** The largest state blob or hash data accepted. */
    static final int MAX_VARIABLE_DATA = 16 * 1024 * 1024;

    private final SwtpmSession session;
    private final Map<PtmCommand, ControlHandler> handlers;

    public ControlChannel(SwtpmSession session) {
        this.session = session;
        this.handlers = new ControlHandlers(session).byCommand();
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
            conn.takeReceivedFd().ifPresent(Connection::closeReceivedFd);
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
            // a long blob gets time for its bytes at the slowest rate accepted, and no more
            got += conn.readFully(buf, got, total - got, deadline + variable * NANOS_PER_VARIABLE_BYTE);
            if (got < total) {
                return incomplete(conn, fd, got);
            }
            return new Message(cmd, Arrays.copyOfRange(buf, 4, got), fd);
        } catch (IOException e) {
            fd.ifPresent(Connection::closeReceivedFd);
            throw e;
        }
    }

    private static Message incomplete(Connection conn, OptionalInt fd, int got) {
        LOG.debug("control message from {} incomplete after {} bytes; closing", conn.describe(), got);
        fd.ifPresent(Connection::closeReceivedFd);
        return null;
    }

    /** Runs one message through its {@link ControlHandlers handler} and returns the bytes to answer. */
    byte[] handle(Message m) {
        PtmCommand c = PtmCommand.of(m.command);
        boolean fdTaken = false;
        try {
            ControlHandler h = c == null ? null : handlers.get(c);
            if (h == null) {
                LOG.debug("unknown control command 0x{}", Integer.toHexString(m.command));
                return ControlHandlers.result(PtmResult.BAD_ORDINAL);
            }
            LOG.debug("control {} ({} bytes)", c, m.body.length);
            byte[] response = h.handle(m);
            // the session owns a descriptor it accepted with CMD_SET_DATAFD
            fdTaken = c == PtmCommand.SET_DATAFD && TpmWire.u32(response, 0) == PtmResult.SUCCESS.code();
            return response;
        } catch (RuntimeException e) {
            LOG.error("control command {} failed: {}", c, e.toString());
            return ControlHandlers.result(PtmResult.FAIL);
        } finally {
            if (!fdTaken) {
                m.fd.ifPresent(Connection::closeReceivedFd);
            }
        }
    }
}
