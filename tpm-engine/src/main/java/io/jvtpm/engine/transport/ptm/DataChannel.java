package io.jvtpm.engine.transport.ptm;

import io.jvtpm.engine.ManagedTpm;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.transport.net.BufferedConnection;
import io.jvtpm.engine.transport.net.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Arrays;

/**
 * The server side of swtpm's data channel: raw TPM 2.0 commands, each framed by the size in its
 * own header (TPM 2.0 Library Part 1, section 18), answered with the raw response. A command
 * may carry swtpm's optional TPM_SEND_COMMAND prefix (command 8, locality, size), which is then
 * answered with a size prefix and a zero trailer. A prefix locality above 4 is refused the way
 * swtpm refuses a locality it cannot set on this channel (its TPM2 SetLocality answer): the
 * command does not run, the answer is TPM_RC_LOCALITY, and the session keeps its locality.
 *
 * <p>Malformed frames never stall the channel: a frame that has not arrived within 500 ms, or
 * claims more than the buffer size (then drained within the same 500 ms), is handed to the TPM
 * as received, so the TPM answers with its own error (TPM_RC_COMMAND_SIZE and the like). A frame claiming less than
 * a header is handed over as its 10 header bytes; what follows it is read as the next frame.
 */
public final class DataChannel {
    private static final Logger LOG = LoggerFactory.getLogger(DataChannel.class);
    /** How long the rest of a started frame may take. */
    static final long FRAME_DEADLINE_NANOS = 500_000_000L;
    /** How long to drain a frame too large to keep before answering it. */
    static final long DRAIN_QUIET_MILLIS = 50;
    static final int TPM_SEND_COMMAND = 8;
    /** The highest locality a prefix may select (PC Client PTP: localities 0..4). */
    static final int MAX_LOCALITY = 4;
    private static final int PREFIX_SIZE = 9;
    /** Read-ahead per connection: a whole command of the largest buffer size in one read. */
    static final int READ_AHEAD = 8192;

    private final SwtpmSession session;
    private final ManagedTpm tpm;

    public DataChannel(SwtpmSession session) {
        this.session = session;
        this.tpm = session.tpm();
    }

    /** Serves {@code conn} until it closes or fails; never throws for what the client sends. */
    public void serve(Connection client) {
        Connection conn = new BufferedConnection(client, READ_AHEAD);
        try {
            while (serveOne(conn)) {
                // next command
            }
        } catch (IOException e) {
            LOG.debug("data connection {} failed: {}", client.describe(), e.getMessage());
        }
    }

    /** Reads, runs and answers one command; false when the client is gone. */
    boolean serveOne(Connection conn) throws IOException {
        int limit = frameLimit();
        byte[] buf = new byte[limit + PREFIX_SIZE];
        int got = conn.read(buf, 0, 4, 0);
        if (got == Connection.EOF) {
            return false;
        }
        long deadline = System.nanoTime() + FRAME_DEADLINE_NANOS;
        got += conn.readFully(buf, got, 4 - got, deadline);
        boolean prefixed = got == 4 && TpmWire.u32(buf, 0) == TPM_SEND_COMMAND;
        byte[] command;
        int locality = session.locality();
        if (prefixed) {
            int p = conn.readFully(buf, 0, 5, deadline);
            if (p < 5) {
                command = new byte[0];
            } else {
                locality = buf[0] & 0xff;
                long size = Integer.toUnsignedLong(TpmWire.u32(buf, 1));
                command = readFrame(conn, buf, 0, size, limit, deadline);
            }
        } else if (got < 4) {
            command = Arrays.copyOf(buf, got);
        } else {
            got += conn.readFully(buf, got, TpmWire.HEADER_SIZE - got, deadline);
            if (got < TpmWire.HEADER_SIZE) {
                command = Arrays.copyOf(buf, got);
            } else {
                long size = Integer.toUnsignedLong(TpmWire.u32(buf, 2));
                command = readFrame(conn, buf, got, size, limit, deadline);
            }
        }
        byte[] response;
        if (prefixed && locality > MAX_LOCALITY) {
            response = refuseLocality(locality);
        } else {
            response = execute(locality, command, prefixed);
            if (prefixed) {
                session.setLocality(locality);
            }
        }
        if (prefixed) {
            byte[] framed = new byte[4 + response.length + 4];
            TpmWire.putU32(framed, 0, response.length);
            System.arraycopy(response, 0, framed, 4, response.length);
            conn.write(framed);
        } else {
            conn.write(response);
        }
        return true;
    }

    /**
     * Completes a frame of {@code size} bytes of which {@code have} are in {@code buf}, with what
     * arrives before the deadline; a frame over {@code limit} is drained and only its header kept.
     */
    private static byte[] readFrame(Connection conn, byte[] buf, int have, long size, int limit, long deadline)
            throws IOException {
        if (size > limit) {
            int keep = Math.min(have, TpmWire.HEADER_SIZE);
            if (have < TpmWire.HEADER_SIZE) {
                keep += conn.readFully(buf, have, TpmWire.HEADER_SIZE - have, deadline);
            }
            drain(conn, size - keep, deadline);
            return Arrays.copyOf(buf, keep);
        }
        int want = (int) size;
        if (have < want) {
            have += conn.readFully(buf, have, want - have, deadline);
        }
        return Arrays.copyOf(buf, have);
    }

    /**
     * Reads and drops up to {@code count} bytes, stopping when the peer is quiet for a moment or
     * the frame's deadline passes (a client trickling a huge frame holds the channel no longer).
     */
    private static void drain(Connection conn, long count, long deadline) throws IOException {
        byte[] sink = new byte[8192];
        long left = count;
        while (left > 0) {
            long quiet = Math.min(DRAIN_QUIET_MILLIS, (deadline - System.nanoTime()) / 1_000_000L);
            if (quiet <= 0) {
                return;
            }
            int n = conn.read(sink, 0, (int) Math.min(sink.length, left), (int) quiet);
            if (n <= 0) {
                return;
            }
            left -= n;
        }
    }

    /** A prefix locality out of range: nothing runs and nothing is kept (a stopped TPM still answers FAILURE). */
    private byte[] refuseLocality(int locality) {
        if (!tpm.isRunning()) {
            return TpmWire.errorResponse(TpmRc.FAILURE);
        }
        LOG.debug("TPM_SEND_COMMAND prefix with locality {} refused", locality);
        return TpmWire.errorResponse(TpmRc.LOCALITY);
    }

    private byte[] execute(int locality, byte[] command, boolean prefixed) {
        if (!tpm.isRunning()) {
            LOG.debug("TPM command while the TPM is not initialized");
            return TpmWire.errorResponse(TpmRc.FAILURE);
        }
        try {
            byte[] r = tpm.execute(locality, command);
            if (LOG.isDebugEnabled()) {
                LOG.debug("locality {}{} {} -> {}", locality, prefixed ? " (prefixed)" : "",
                        TpmWire.hex(command, 16), TpmWire.hex(r, 16));
            }
            return r;
        } catch (RuntimeException e) {
            LOG.error("TPM command failed in the backend: {}", e.toString());
            return TpmWire.errorResponse(TpmRc.FAILURE);
        }
    }

    private int frameLimit() {
        int size;
        try {
            size = tpm.bufferSize();
        } catch (RuntimeException e) {
            size = session.maxBufferSize();
        }
        return Math.max(Math.max(size, session.maxBufferSize()), TpmWire.HEADER_SIZE);
    }
}
