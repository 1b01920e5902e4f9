package io.jvtpm.engine.transport;

import io.jvtpm.engine.ManagedTpm;
import io.jvtpm.engine.transport.mssim.MssimChannels;
import io.jvtpm.engine.transport.net.Endpoint;
import io.jvtpm.engine.transport.net.Listener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;

/**
 * A TPM served with the TCG reference simulator's socket protocol (TcpServer; tpm2-tss's mssim
 * TCTI): a TPM socket and a platform socket (by convention the TPM port + 1), each serving one
 * client at a time (a waiting client as {@link SocketServer} says). {@link #awaitStop()} returns
 * on TPM_STOP, a failed listener or {@link #close()}, which does not power the TPM off.
 */
public final class MssimServer extends SocketServer {
    private static final Logger LOG = LoggerFactory.getLogger(MssimServer.class);

    private final MssimChannels channels;
    private Listener tpmListener;
    private Listener platformListener;

    private MssimServer(ManagedTpm tpm, int maxBufferSize, Duration idleTimeout) {
        super(idleTimeout);
        this.channels = new MssimChannels(tpm, maxBufferSize, this::stop);
    }

    /** As {@link #start(ManagedTpm, Endpoint, Endpoint, int, Duration)} with the default idle timeout. */
    public static MssimServer start(ManagedTpm tpm, Endpoint tpmSocket, Endpoint platformSocket, int maxBufferSize)
            throws IOException {
        return start(tpm, tpmSocket, platformSocket, maxBufferSize, DEFAULT_IDLE_TIMEOUT);
    }

    /**
     * Binds both sockets and starts serving; the TPM stays as it is until the platform powers it.
     *
     * @param idleTimeout how long a silent client keeps its socket from a waiting one (see {@link SocketServer})
     */
    public static MssimServer start(ManagedTpm tpm, Endpoint tpmSocket, Endpoint platformSocket, int maxBufferSize,
                                    Duration idleTimeout) throws IOException {
        MssimServer s = new MssimServer(tpm, maxBufferSize, idleTimeout);
        s.tpmListener = tpmSocket.listen();
        try {
            s.platformListener = platformSocket.listen();
        } catch (IOException | RuntimeException e) {
            s.tpmListener.close();
            throw e;
        }
        s.pool.serve("mssim-tpm", s.tpmListener, s.channels::serveTpm);
        s.pool.serve("mssim-platform", s.platformListener, s.channels::servePlatform);
        LOG.info("serving mssim protocol: TPM {}, platform {}", s.tpmListener.describe(),
                s.platformListener.describe());
        return s;
    }

    public Listener tpmListener() {
        return tpmListener;
    }

    public Listener platformListener() {
        return platformListener;
    }
}
