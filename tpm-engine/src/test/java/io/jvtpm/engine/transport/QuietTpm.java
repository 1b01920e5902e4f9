package io.jvtpm.engine.transport;

import io.jvtpm.engine.ManagedTpm;
import io.jvtpm.engine.TpmStateException;
import io.jvtpm.engine.wire.TpmSt;
import io.jvtpm.engine.wire.TpmWire;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link ManagedTpm} double for long transport runs that keeps no history (only counters), so
 * its own memory stays flat however many frames arrive. Like the in-process engine it holds one
 * lock for a command and for every query about its state, so a test sees what waits on a running
 * command. Commands are answered with a success header and the command's length.
 */
public class QuietTpm implements ManagedTpm {
    protected final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong commands = new AtomicLong();
    private final AtomicLong cancels = new AtomicLong();
    private final AtomicLong badLocalities = new AtomicLong();
    private final Map<StateBlob, byte[]> blobs = new EnumMap<>(StateBlob.class);
    private boolean running = true;
    private int bufferSize = 4096;

    /** Commands executed so far. */
    public long commands() {
        return commands.get();
    }

    /** Commands handed over with a locality outside 0..4 (a transport's fault; they do not run). */
    public long badLocalities() {
        return badLocalities.get();
    }

    /** cancel() calls so far. */
    public long cancels() {
        return cancels.get();
    }

    @Override
    public byte[] execute(int locality, byte[] command) {
        if (locality < 0 || locality > 4) {
            badLocalities.incrementAndGet();
            throw new IllegalArgumentException("locality " + locality + " is not 0..4");
        }
        lock.lock();
        try {
            commands.incrementAndGet();
            return answer(command);
        } finally {
            lock.unlock();
        }
    }

    /** The response to {@code command}; runs holding the lock. */
    protected byte[] answer(byte[] command) {
        byte[] r = new byte[TpmWire.HEADER_SIZE + 4];
        TpmWire.putU16(r, 0, TpmSt.NO_SESSIONS.value());
        TpmWire.putU32(r, 2, r.length);
        TpmWire.putU32(r, TpmWire.HEADER_SIZE, command.length);
        return r;
    }

    @Override
    public void cancel() {
        cancels.incrementAndGet();
    }

    private <T> T locked(java.util.function.Supplier<T> s) {
        lock.lock();
        try {
            return s.get();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void init(boolean deleteVolatile) {
        locked(() -> running = true);
    }

    @Override
    public boolean isRunning() {
        return locked(() -> running);
    }

    @Override
    public void powerOff() {
        locked(() -> running = false);
    }

    @Override
    public void hashStart() {
        isRunning();
    }

    @Override
    public void hashData(byte[] data) {
        isRunning();
    }

    @Override
    public void hashEnd() {
        isRunning();
    }

    @Override
    public void storeVolatile() {
        isRunning();
    }

    @Override
    public byte[] getStateBlob(StateBlob kind) {
        return locked(() -> blobs.getOrDefault(kind, new byte[] {'J', 0, 0, 0}).clone());
    }

    @Override
    public void setStateBlob(StateBlob kind, byte[] blob) {
        if (blob.length < 4 || blob[0] != 'J') {
            throw new TpmStateException("not a blob of this TPM");
        }
        locked(() -> blobs.put(kind, blob.clone()));
    }

    @Override
    public void setPhysicalPresence(boolean asserted) {
        isRunning();
    }

    @Override
    public int bufferSize() {
        return locked(() -> bufferSize);
    }

    @Override
    public int setBufferSize(int requested) {
        return locked(() -> bufferSize = requested);
    }
}
