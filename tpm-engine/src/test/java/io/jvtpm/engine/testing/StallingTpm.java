package io.jvtpm.engine.testing;

import io.jvtpm.engine.TpmBackend;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmWire;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A TPM in front of another that can stall (PC Client Platform TPM Profile: a command in
 * execution that the interface can only wait for, cancel or abandon): while stalled, every command
 * stays in {@link #execute} until {@link #unstall()} (then the TPM behind runs it) or, when the
 * stall answers cancels, until {@link #cancel()} (then it answers TPM_RC_CANCELED). Not stalled,
 * it forwards everything. Either way it watches what a device does to its backend: how many
 * commands were in {@code execute} at once and which cancels arrived while a command ran there.
 * Thread-safe.
 */
public final class StallingTpm implements TpmBackend {

    /** What a stalled command does on {@link #cancel()}. */
    public enum OnCancel {
        /** Ends at once with TPM_RC_CANCELED, as a TPM whose command checks the cancel flag. */
        ANSWER_CANCELED,
        /** Stays until {@link #unstall()}: a TPM that never answers. */
        KEEP_STALLING
    }

    private final TpmBackend behind;
    private OnCancel stall;
    private int executing;
    private int maxExecuting;
    private long commands;
    private long cancels;
    private long cancelsWhileExecuting;
    /** Bumped by each cancel that arrives while a command executes. */
    private long cancelGeneration;

    private StallingTpm(TpmBackend behind) {
        this.behind = Objects.requireNonNull(behind, "behind");
    }

    /** Forwards to {@code behind} until {@link #stall} is called. */
    public static StallingTpm around(TpmBackend behind) {
        return new StallingTpm(behind);
    }

    /** In front of a {@link FakeTpm}, stalled from the start. */
    public static StallingTpm stalled(OnCancel onCancel) {
        StallingTpm tpm = new StallingTpm(new FakeTpm());
        tpm.stall(onCancel);
        return tpm;
    }

    /** From now on every command stalls, and a stalled command does {@code onCancel} when cancelled. */
    public synchronized void stall(OnCancel onCancel) {
        stall = Objects.requireNonNull(onCancel, "onCancel");
    }

    /** Stalled commands go on to the TPM behind, and so do all later ones. */
    public synchronized void unstall() {
        stall = null;
        notifyAll();
    }

    /** Waits up to {@code timeout} until a command is in {@link #execute}; true when one is. */
    public synchronized boolean awaitExecuting(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (executing == 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Commands in {@link #execute} now. */
    public synchronized int executing() {
        return executing;
    }

    /** The most commands that were in {@link #execute} at once. */
    public synchronized int maxExecuting() {
        return maxExecuting;
    }

    /** Commands that reached {@link #execute}. */
    public synchronized long commands() {
        return commands;
    }

    /** Calls of {@link #cancel()}. */
    public synchronized long cancels() {
        return cancels;
    }

    /** Calls of {@link #cancel()} that came while a command was in {@link #execute}. */
    public synchronized long cancelsWhileExecuting() {
        return cancelsWhileExecuting;
    }

    @Override
    public byte[] execute(int locality, byte[] command) {
        long generation;
        synchronized (this) {
            commands++;
            executing++;
            maxExecuting = Math.max(maxExecuting, executing);
            generation = cancelGeneration;
            notifyAll();
        }
        try {
            if (waitWhileStalled(generation)) {
                return TpmWire.errorResponse(TpmRc.CANCELED);
            }
            return behind.execute(locality, command);
        } finally {
            synchronized (this) {
                executing--;
            }
        }
    }

    /** Waits while stalled; true when a cancel that came after {@code generation} ended the wait. */
    private synchronized boolean waitWhileStalled(long generation) {
        while (stall != null) {
            if (stall == OnCancel.ANSWER_CANCELED && cancelGeneration != generation) {
                return true;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
        return false;
    }

    @Override
    public void cancel() {
        synchronized (this) {
            cancels++;
            if (executing > 0) {
                cancelsWhileExecuting++;
                cancelGeneration++;
                notifyAll();
            }
        }
        behind.cancel();
    }

    @Override
    public boolean isQuick(byte[] command) {
        return behind.isQuick(command);
    }

    @Override
    public boolean isEstablished() {
        return behind.isEstablished();
    }

    @Override
    public void resetEstablished(int locality) {
        behind.resetEstablished(locality);
    }

    @Override
    public void init() {
        behind.init();
    }

    @Override
    public void powerOff() {
        behind.powerOff();
    }

    @Override
    public int bufferSize() {
        return behind.bufferSize();
    }

    @Override
    public int setBufferSize(int requested) {
        return behind.setBufferSize(requested);
    }

    /** Lets stalled commands go, then closes the TPM behind. */
    @Override
    public void close() {
        unstall();
        behind.close();
    }
}
