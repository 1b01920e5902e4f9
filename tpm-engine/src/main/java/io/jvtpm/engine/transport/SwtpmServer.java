package io.jvtpm.engine.transport;

import io.jvtpm.engine.ManagedTpm;
import io.jvtpm.engine.transport.net.Connection;
import io.jvtpm.engine.transport.net.Endpoint;
import io.jvtpm.engine.transport.net.FdConnection;
import io.jvtpm.engine.transport.net.Listener;
import io.jvtpm.engine.transport.ptm.ControlChannel;
import io.jvtpm.engine.transport.ptm.DataChannel;
import io.jvtpm.engine.transport.ptm.PtmResult;
import io.jvtpm.engine.transport.ptm.SwtpmSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;

/**
 * A TPM served with swtpm's socket protocol (swtpm 0.7.1 {@code swtpm socket}, as QEMU's
 * {@code -tpmdev emulator} and tpm2-tss's swtpm TCTI use it): a data channel listener, a
 * control channel listener, and the data socket a control client may hand over with
 * CMD_SET_DATAFD. Each listener serves one client at a time, like swtpm (a client that wants a
 * busy listener is handled as {@link SocketServer} says); a client that breaks
 * only ends its own connection. {@link #awaitStop()} returns on CMD_SHUTDOWN, a lost control
 * client with terminateOnControlLoss, a failed listener or {@link #close()}.
 */
public final class SwtpmServer extends SocketServer {
    private static final Logger LOG = LoggerFactory.getLogger(SwtpmServer.class);

    /**
     * How to serve.
     *
     * @param data the data channel listener, or null (data then only arrives with CMD_SET_DATAFD)
     * @param control the control channel listener, or null
     * @param terminateOnControlLoss stop the server when a control client disconnects (swtpm --terminate)
     * @param minBufferSize the smallest size CMD_SET_BUFFERSIZE grants
     * @param maxBufferSize the largest size CMD_SET_BUFFERSIZE grants
     * @param idleTimeout how long a silent client keeps a listener's slot from a waiting client
     *        (see {@link SocketServer}); zero for ever. The data socket of CMD_SET_DATAFD belongs
     *        to its control client and has no idle bound.
     */
    public record Options(Endpoint data, Endpoint control, boolean terminateOnControlLoss,
                          int minBufferSize, int maxBufferSize, Duration idleTimeout) {
        public Options {
            if (data == null && control == null) {
                throw new IllegalArgumentException("a swtpm server needs a data or a control channel");
            }
            if (idleTimeout == null || idleTimeout.isNegative()) {
                throw new IllegalArgumentException("bad idle timeout " + idleTimeout);
            }
        }

        /** Options with the {@link SocketServer#DEFAULT_IDLE_TIMEOUT default idle timeout}. */
        public Options(Endpoint data, Endpoint control, boolean terminateOnControlLoss,
                       int minBufferSize, int maxBufferSize) {
            this(data, control, terminateOnControlLoss, minBufferSize, maxBufferSize, DEFAULT_IDLE_TIMEOUT);
        }
    }

    private final Options options;
    private final SwtpmSession session;
    private final Object dataFdLock = new Object();
    private Listener dataListener;
    private Listener controlListener;
    private boolean dataFdInUse;
    private boolean dataClientActive;

    private SwtpmServer(ManagedTpm tpm, Options options) {
        super(options.idleTimeout());
        this.options = options;
        this.session = new SwtpmSession(tpm, options.minBufferSize(), options.maxBufferSize(),
                this::serveDataFd, this::stop);
    }

    /** Binds the listeners and starts serving; the TPM's power state is left as it is. */
    public static SwtpmServer start(ManagedTpm tpm, Options options) throws IOException {
        SwtpmServer s = new SwtpmServer(tpm, options);
        try {
            if (options.data() != null) {
                s.dataListener = options.data().listen();
            }
            if (options.control() != null) {
                s.controlListener = options.control().listen();
            }
        } catch (IOException | RuntimeException e) {
            if (s.dataListener != null) {
                s.dataListener.close();
            }
            throw e;
        }
        if (s.dataListener != null) {
            s.pool.serve("swtpm-data", s.dataListener, s::serveDataClient);
        }
        if (s.controlListener != null) {
            s.pool.serve("swtpm-ctrl", s.controlListener, s::serveControl);
        }
        LOG.info("serving swtpm protocol: data {}, control {}",
                s.dataListener == null ? "via CMD_SET_DATAFD" : s.dataListener.describe(),
                s.controlListener == null ? "none" : s.controlListener.describe());
        return s;
    }

    /** The data listener, or null. */
    public Listener dataListener() {
        return dataListener;
    }

    /** The control listener, or null. */
    public Listener controlListener() {
        return controlListener;
    }

    private void serveControl(Connection c) {
        ControlChannel.End end = new ControlChannel(session).serve(c);
        if (end == ControlChannel.End.DISCONNECTED && options.terminateOnControlLoss()) {
            LOG.info("control client gone; terminating");
            stop();
        }
    }

    private void serveDataClient(Connection c) {
        synchronized (dataFdLock) {
            dataClientActive = true;
        }
        try {
            new DataChannel(session).serve(c);
        } finally {
            synchronized (dataFdLock) {
                dataClientActive = false;
            }
        }
    }

    /** CMD_SET_DATAFD: like swtpm, refused (TPM_IOERROR) while a data connection is open. */
    private PtmResult serveDataFd(int fd) {
        synchronized (dataFdLock) {
            if (dataClientActive || dataFdInUse || pool.closing()) {
                return PtmResult.IOERROR;
            }
            if (fd < 0) {
                return PtmResult.BAD_PARAMETER;
            }
            dataFdInUse = true;
        }
        FdConnection conn = new FdConnection(fd, "data fd " + fd);
        pool.spawn("swtpm-datafd", () -> {
            try {
                pool.serveOne(conn, c -> new DataChannel(session).serve(c));
            } finally {
                synchronized (dataFdLock) {
                    dataFdInUse = false;
                }
            }
        });
        return PtmResult.SUCCESS;
    }

    /** Stops serving and closes every socket; does not power the TPM off. */
    @Override
    public void close() {
        super.close();
        if (dataListener != null) {
            dataListener.close();
        }
        if (controlListener != null) {
            controlListener.close();
        }
    }
}
