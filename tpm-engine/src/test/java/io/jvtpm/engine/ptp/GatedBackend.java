package io.jvtpm.engine.ptp;

import io.jvtpm.engine.TpmBackend;
import io.jvtpm.engine.TpmBackendException;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmRc;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend for the runner's tests: a command whose code is {@link #QUICK} is quick, any other
 * blocks until {@link #release()} or {@link #cancel()}; it answers a 10-byte response carrying the
 * command's code as its response code (TPM_RC_CANCELED, 0x909, when cancelled), and counts the
 * commands inside it at once.
 */
class GatedBackend implements TpmBackend {
    static final int QUICK = TpmCc.GET_RANDOM.value();
    static final int SLOW = TpmCc.CREATE_PRIMARY.value();
    static final int RC_CANCELED = TpmRc.CANCELED.value();

    final AtomicInteger inside = new AtomicInteger();
    final AtomicInteger mostInside = new AtomicInteger();
    final AtomicInteger executed = new AtomicInteger();
    final AtomicInteger cancels = new AtomicInteger();
    volatile Thread lastThread;
    volatile CountDownLatch entered = new CountDownLatch(1);
    volatile byte[] answer;
    volatile RuntimeException failure;
    private final Semaphore gate = new Semaphore(0);
    private volatile boolean cancelled;

    static byte[] command(int code) {
        return java.nio.ByteBuffer.allocate(10).putShort((short) 0x8001).putInt(10).putInt(code).array();
    }

    static int code(byte[] message) {
        return java.nio.ByteBuffer.wrap(message).getInt(6);
    }

    void release() {
        gate.release();
    }

    @Override
    public byte[] execute(int locality, byte[] command) {
        lastThread = Thread.currentThread();
        mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
        try {
            executed.incrementAndGet();
            entered.countDown();
            int code = code(command);
            if (code != QUICK) {
                try {
                    if (!gate.tryAcquire(10, TimeUnit.SECONDS)) {
                        throw new TpmBackendException("held command never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TpmBackendException("interrupted");
                }
                if (cancelled) {
                    cancelled = false;
                    code = RC_CANCELED;
                }
            }
            if (failure != null) {
                throw failure;
            }
            return answer != null ? answer : java.nio.ByteBuffer.allocate(10).putShort((short) 0x8001).putInt(10).putInt(code).array();
        } finally {
            inside.decrementAndGet();
        }
    }

    @Override
    public boolean isQuick(byte[] command) {
        return code(command) == QUICK;
    }

    @Override
    public void cancel() {
        cancels.incrementAndGet();
        if (inside.get() > 0) {
            cancelled = true;
            gate.release();
        }
    }
}
