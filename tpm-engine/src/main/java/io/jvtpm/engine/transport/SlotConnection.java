package io.jvtpm.engine.transport;

import io.jvtpm.engine.transport.net.Connection;
import io.jvtpm.engine.transport.net.ForwardingConnection;
import io.jvtpm.engine.transport.net.ReadDeadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * A served client as its protocol sees it: everything passes through, every byte in or out marks
 * the client active, and a read ends as if the client had closed (and every later read and write
 * with it) once the client has sent nothing for the idle bound while another client waits for
 * the slot, between messages or in the middle of one.
 */
final class SlotConnection extends ForwardingConnection {
    private static final Logger LOG = LoggerFactory.getLogger(SlotConnection.class);
    /** How often an idle wait looks at the slot. */
    static final int IDLE_SLICE_MILLIS = 100;

    private final ClientSlot slot;
    private boolean yielded;

    SlotConnection(Connection in, ClientSlot slot) {
        super(in);
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
        ReadDeadline deadline = ReadDeadline.after(timeoutMillis);
        while (true) {
            int slice = deadline.nextSlice(IDLE_SLICE_MILLIS);
            if (slice == 0) {
                return 0;
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
    public void write(byte[] buf, int off, int len) throws IOException {
        if (yielded) {
            throw new IOException("client " + in.describe() + " gave its slot up");
        }
        in.write(buf, off, len);
        slot.touch();
    }
}
