package io.jvtpm.crb;

import io.jvtpm.engine.TpmBackend;
import io.jvtpm.engine.TpmBackendException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A test double of a TPM behind {@link TpmBackend}: parses the command header (TPM 2.0 Library
 * Part 1, section 18) and answers Startup, SelfTest and GetRandom like a TPM, every other command
 * with TPM_RC_COMMAND_CODE, a bad header with TPM_RC_BAD_TAG / TPM_RC_COMMAND_SIZE. It can hold a
 * command until released or cancelled, fail, or answer a given response, and records what it got.
 */
final class FakeTpm implements TpmBackend {

    static final int RC_SUCCESS = 0x000;
    static final int RC_BAD_TAG = 0x01E;
    static final int RC_INITIALIZE = 0x100;
    static final int RC_COMMAND_SIZE = 0x142;
    static final int RC_COMMAND_CODE = 0x143;
    static final int RC_CANCELED = 0x909;
    static final int CC_SELF_TEST = 0x143;
    static final int CC_STARTUP = 0x144;
    static final int CC_GET_RANDOM = 0x17B;

    record Received(int locality, byte[] command) {
    }

    private final int bufferSize;
    private final SplittableRandom random;
    private final List<Received> received = new ArrayList<>();
    private boolean started;
    private boolean established;
    private int inits;
    private volatile CountDownLatch gate;
    private volatile CountDownLatch entered;
    private volatile boolean cancelled;
    private volatile RuntimeException failNext;
    private volatile byte[] answerNext;

    FakeTpm() {
        this(4096, 1);
    }

    FakeTpm(int bufferSize, long seed) {
        this.bufferSize = bufferSize;
        this.random = new SplittableRandom(seed);
    }

    /** The next command blocks (after counting down the returned latch) until release() or cancel(). */
    synchronized CountDownLatch holdNext() {
        gate = new CountDownLatch(1);
        entered = new CountDownLatch(1);
        cancelled = false;
        return entered;
    }

    void release() {
        CountDownLatch g = gate;
        if (g != null) {
            g.countDown();
        }
    }

    void failNext(RuntimeException e) {
        failNext = e;
    }

    void answerNext(byte[] response) {
        answerNext = response;
    }

    void setEstablished(boolean value) {
        established = value;
    }

    synchronized List<Received> received() {
        return new ArrayList<>(received);
    }

    synchronized int inits() {
        return inits;
    }

    @Override
    public byte[] execute(int locality, byte[] command) {
        synchronized (this) {
            received.add(new Received(locality, command.clone()));
        }
        CountDownLatch g = gate;
        if (g != null) {
            entered.countDown();
            try {
                g.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            gate = null;
            if (cancelled) {
                return header(RC_CANCELED, 0).array();
            }
        }
        RuntimeException f = failNext;
        if (f != null) {
            failNext = null;
            throw f;
        }
        byte[] a = answerNext;
        if (a != null) {
            answerNext = null;
            return a;
        }
        synchronized (this) {
            return answer(command);
        }
    }

    private byte[] answer(byte[] cmd) {
        if (cmd.length < 10) {
            return header(RC_COMMAND_SIZE, 0).array();
        }
        ByteBuffer in = ByteBuffer.wrap(cmd);
        int tag = in.getShort() & 0xFFFF;
        long size = in.getInt() & 0xFFFF_FFFFL;
        int cc = in.getInt();
        if (tag != 0x8001 && tag != 0x8002) {
            return header(RC_BAD_TAG, 0).array();
        }
        if (size != cmd.length) {
            return header(RC_COMMAND_SIZE, 0).array();
        }
        if (cc == CC_STARTUP) {
            if (started || cmd.length != 12) {
                return header(started ? RC_INITIALIZE : RC_COMMAND_SIZE, 0).array();
            }
            started = true;
            return header(RC_SUCCESS, 0).array();
        }
        if (!started) {
            return header(RC_INITIALIZE, 0).array();
        }
        if (cc == CC_SELF_TEST) {
            return header(RC_SUCCESS, 0).array();
        }
        if (cc == CC_GET_RANDOM && cmd.length == 12) {
            int n = Math.min(in.getShort() & 0xFFFF, 32);
            byte[] bytes = new byte[n];
            random.nextBytes(bytes);
            ByteBuffer out = header(RC_SUCCESS, 2 + n);
            out.putShort((short) n).put(bytes);
            return out.array();
        }
        return header(RC_COMMAND_CODE, 0).array();
    }

    private static ByteBuffer header(int rc, int body) {
        ByteBuffer out = ByteBuffer.allocate(10 + body);
        out.putShort((short) 0x8001).putInt(10 + body).putInt(rc);
        return out;
    }

    @Override
    public void cancel() {
        cancelled = true;
        release();
    }

    @Override
    public boolean isEstablished() {
        return established;
    }

    @Override
    public void resetEstablished(int locality) {
        if (locality >= 3) {
            established = false;
        }
    }

    @Override
    public synchronized void init() {
        started = false;
        inits++;
    }

    @Override
    public synchronized void powerOff() {
        started = false;
    }

    @Override
    public int bufferSize() {
        return bufferSize;
    }

    @Override
    public int setBufferSize(int requested) {
        return bufferSize;
    }

    @Override
    public void close() {
    }

    /** Helpers to build commands. */
    static byte[] startupClear() {
        return ByteBuffer.allocate(12).putShort((short) 0x8001).putInt(12).putInt(CC_STARTUP).putShort((short) 0).array();
    }

    static byte[] getRandom(int n) {
        return ByteBuffer.allocate(12).putShort((short) 0x8001).putInt(12).putInt(CC_GET_RANDOM).putShort((short) n).array();
    }

    static int rc(byte[] response) {
        return ByteBuffer.wrap(response).getInt(6);
    }

    static void failWith(FakeTpm tpm) {
        tpm.failNext(new TpmBackendException("peer went away"));
    }
}
