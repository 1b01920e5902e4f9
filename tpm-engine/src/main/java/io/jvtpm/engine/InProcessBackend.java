package io.jvtpm.engine;

import io.jvtpm.engine.command.CommandTable;
import io.jvtpm.engine.command.Dispatcher;
import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.nv.DirectoryNvStore;
import io.jvtpm.engine.nv.StateFile;
import io.jvtpm.engine.platform.MemoryNvStore;
import io.jvtpm.engine.platform.Platform;
import io.jvtpm.engine.platform.PlatformClock;
import io.jvtpm.engine.platform.PlatformSignals;
import io.jvtpm.engine.platform.SeededEntropy;
import io.jvtpm.engine.platform.SystemEntropy;
import io.jvtpm.engine.wire.TpmCc;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The TPM 2.0 engine in this process (TPM 2.0 Library Parts 1-3; PC Client Platform TPM
 * Profile), as a {@link ManagedTpm}. Commands run one at a time; before {@link #init()} every
 * command answers TPM_RC_FAILURE as swtpm does for a TPM that was not initialized. After an
 * internal error the TPM is in failure mode (TPM 2.0 Library Part 3, 5.3) until the next
 * {@link #init()}: it answers only TPM2_GetTestResult, which says why, and a few
 * TPM2_GetCapability properties.
 */
public final class InProcessBackend implements ManagedTpm {
    /** swtpm's smallest buffer size (CMD_SET_BUFFERSIZE reports it as the minimum). */
    public static final int MIN_BUFFER_SIZE = 2808;
    /** The largest buffer size (TPM_PT_MAX_COMMAND_SIZE of this TPM). */
    public static final int MAX_BUFFER_SIZE = 4096;

    /** Where a command's header holds its command code (TPM 2.0 Part 1, 18.2: tag, size, code). */
    private static final int COMMAND_CODE_OFFSET = 6;

    private final ReentrantLock lock = new ReentrantLock();
    private final TpmEngine tpm;
    private final Dispatcher dispatcher;
    private final PlatformSignals signals;
    private boolean closed;

    private InProcessBackend(Platform platform) {
        this.signals = platform.signals();
        this.tpm = new TpmEngine(platform);
        this.dispatcher = new Dispatcher(tpm, new CommandTable());
    }

    /**
     * A TPM whose state lives in {@code stateDir}, a private directory (mode 0700, its files 0600;
     * created so, or tightened with a warning): manufactured there when it holds no state file,
     * reloaded afterwards.
     *
     * @throws TpmStateException when the directory is unusable, a state file is corrupt, torn or
     *     out of range, or the permanent state is missing beside other state files
     */
    public static InProcessBackend open(Path stateDir) {
        return new InProcessBackend(new Platform(new SystemEntropy(), PlatformClock.system(),
                DirectoryNvStore.open(stateDir), new PlatformSignals()));
    }

    /** A TPM with nothing on disk and entropy that depends only on {@code seed}. */
    public static InProcessBackend inMemory(long seed) {
        return new InProcessBackend(new Platform(new SeededEntropy(seed), PlatformClock.system(),
                new MemoryNvStore(), new PlatformSignals()));
    }

    /** A TPM on a caller-supplied platform (tests that control the clock or the NV store). */
    public static InProcessBackend onPlatform(Platform platform) {
        return new InProcessBackend(platform);
    }

    @Override
    public byte[] execute(int locality, byte[] command) {
        if (locality < 0 || locality > 4) {
            throw new IllegalArgumentException("locality " + locality + " is not 0..4");
        }
        lock.lock();
        try {
            ensureOpen();
            return dispatcher.execute(locality, command == null ? new byte[0] : command, tpm.bufferSize());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Every command but those that may generate a key (CreatePrimary, Create, CreateLoaded: an RSA
     * prime search takes tens of milliseconds) and the NV commands that write an index (each
     * such write is a synced state-file write before the response, so a guest's loop of NV writes
     * runs on the command executor, one at a time, never on a vCPU thread): this engine runs in
     * process, and everything else it answers in microseconds. A malformed or unknown command is
     * quick too (an error at once).
     */
    @Override
    public boolean isQuick(byte[] command) {
        if (command == null || command.length < COMMAND_CODE_OFFSET + 4) {
            return true;
        }
        int cc = ByteBuffer.wrap(command).getInt(COMMAND_CODE_OFFSET);
        return cc != TpmCc.CREATE_PRIMARY.value() && cc != TpmCc.CREATE.value() && cc != TpmCc.CREATE_LOADED.value()
                && !writesNv(cc);
    }

    private static boolean writesNv(int cc) {
        return cc == TpmCc.NV_WRITE.value() || cc == TpmCc.NV_INCREMENT.value() || cc == TpmCc.NV_EXTEND.value()
                || cc == TpmCc.NV_SET_BITS.value() || cc == TpmCc.NV_DEFINE_SPACE.value()
                || cc == TpmCc.NV_UNDEFINE_SPACE.value() || cc == TpmCc.NV_UNDEFINE_SPACE_SPECIAL.value()
                || cc == TpmCc.NV_CHANGE_AUTH.value();
    }

    @Override
    public void cancel() {
        signals.requestCancel();
    }

    @Override
    public boolean isEstablished() {
        lock.lock();
        try {
            return tpm.isEstablished();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void resetEstablished(int locality) {
        if (locality != 3 && locality != 4) {
            return;
        }
        lock.lock();
        try {
            ensureOpen();
            tpm.resetEstablished();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void init(boolean deleteVolatile) {
        lock.lock();
        try {
            ensureOpen();
            tpm.init(deleteVolatile);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isRunning() {
        lock.lock();
        try {
            return tpm.isInitialized();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void powerOff() {
        lock.lock();
        try {
            if (!closed) {
                tpm.powerOff();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int bufferSize() {
        lock.lock();
        try {
            return tpm.bufferSize();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int setBufferSize(int requested) {
        lock.lock();
        try {
            if (requested == 0) {
                return tpm.bufferSize();
            }
            if (tpm.isInitialized()) {
                throw new TpmBackendException("the buffer size can only change while the TPM is stopped");
            }
            int size = Math.max(MIN_BUFFER_SIZE, Math.min(MAX_BUFFER_SIZE, requested));
            tpm.setBufferSize(size);
            return size;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void hashStart() {
        lock.lock();
        try {
            ensureOpen();
            tpm.hashStart();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void hashData(byte[] data) {
        lock.lock();
        try {
            ensureOpen();
            tpm.hashData(data);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void hashEnd() {
        lock.lock();
        try {
            ensureOpen();
            tpm.hashEnd();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void storeVolatile() {
        lock.lock();
        try {
            ensureOpen();
            tpm.stateBlobs().storeVolatile();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public byte[] getStateBlob(StateBlob kind) {
        lock.lock();
        try {
            ensureOpen();
            return switch (kind) {
                case PERMANENT -> tpm.stateBlobs().permanent();
                case VOLATILE -> tpm.stateBlobs().volatileState();
                case SAVESTATE -> tpm.stateBlobs().savestate();
            };
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void setStateBlob(StateBlob kind, byte[] blob) {
        lock.lock();
        try {
            ensureOpen();
            if (tpm.isInitialized()) {
                throw new TpmStateException("state blobs can only be set while the TPM is stopped");
            }
            StateFile.Kind k = switch (kind) {
                case PERMANENT -> StateFile.Kind.PERMANENT;
                case VOLATILE -> StateFile.Kind.VOLATILE;
                case SAVESTATE -> StateFile.Kind.SAVESTATE;
            };
            tpm.stateBlobs().set(k, blob);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void setPhysicalPresence(boolean asserted) {
        signals.physicalPresence(asserted);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                tpm.powerOff();
                closed = true;
            }
        } finally {
            lock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new TpmBackendException("the TPM backend is closed");
        }
    }
}
