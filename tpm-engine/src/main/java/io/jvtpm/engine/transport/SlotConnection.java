package io.jvtpm.engine.transport;

import io.jvtpm.engine.transport.net.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.OptionalInt;

/**
 * A served client as its protocol sees it: everything passes through, every byte in or out marks
 * the client active, and a read ends as if the client had closed (and every later read and write
 * with it) once the client has sent nothing for the idle bound while another client waits for
 * the slot, between messages or in the middle of one.
 */
final class SlotConnection implements Connection {
    private static final Logger LOG = LoggerFactory.getLogger(SlotConnection.class);
    /** How often an idle wait looks at the slot. */
    static final int IDLE_SLICE_MILLIS = 100;

    private final Connection in;
    private final ClientSlot slot;
    private boolean yielded;

    SlotConnection(Connection in, ClientSlot slot) {
        this.in = in;
        this.slot = slot;
    }

    @Override
    public int read(byte[] buf, int off, int len, int timeoutMillis) throws IOException {
        if (yielded) {
            return EOF;
        }
        if (len == 0) {
            return 0;
        }
        long deadline = timeoutMillis > 0 ? System.nanoTime() + timeoutMillis * 1_000_000L : Long.MAX_VALUE;
        while (true) {
            int slice = IDLE_SLICE_MILLIS;
            if (deadline != Long.MAX_VALUE) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return 0;
                }
                slice = (int) Math.min(slice, left);
            }
            int n = in.read(buf, off, len, slice);
            if (n != 0) {
                if (n > 0) {
                    slot.touch();
                }
                return n;
            }
            if (slot.shouldYield()) {
                LOG.debug("client {} idle while another waits: closing it", in.describe());
                yielded = true;
                return EOF;
            }
        }
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        if (yielded) {
            throw new IOException("client " + in.describe() + " gave its slot up");
        }
        in.write(buf, off, len);
        slot.touch();
    }

    @Override
    public OptionalInt takeReceivedFd() {
        return in.takeReceivedFd();
    }

    @Override
    public String describe() {
        return in.describe();
    }

    @Override
    public void close() {
        in.close();
    }
}
