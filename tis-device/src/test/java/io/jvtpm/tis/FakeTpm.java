package io.jvtpm.tis;

import io.jvtpm.engine.TpmBackend;
import io.jvtpm.engine.TpmBackendException;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A test double of a TPM behind {@link TpmBackend}: parses the command header (TPM 2.0 Library
 * Part 1, section 18) and answers Startup, SelfTest, GetRandom, PCR_Reset, PCR_Extend and PCR_Read
 * (one SHA-256 bank) like a TPM; anything else gets TPM_RC_COMMAND_CODE. Commands can be held
 * until released or cancelled, and the backend can be told to fail or misbehave.
 */
final class FakeTpm implements TpmBackend {
    static final int RC_SUCCESS = 0;
    static final int RC_INITIALIZE = 0x100;
    static final int RC_FAILURE = 0x101;
    static final int RC_BAD_TAG = 0x01E;
    static final int RC_COMMAND_SIZE = 0x142;
    static final int RC_COMMAND_CODE = 0x143;
    static final int RC_CANCELED = 0x909;

    private final byte[][] pcrs = new byte[24][32];
    private final List<Integer> localities = Collections.synchronizedList(new ArrayList<>());
    private final int bufferSize;
    private volatile boolean started;
    private volatile boolean established;
    private volatile CountDownLatch gate;
    private volatile CountDownLatch waiting = new CountDownLatch(1);
    private volatile boolean running;
    private volatile boolean cancelled;
    private volatile RuntimeException failure;
    private volatile byte[] forcedResponse;
    private long counter;
    private volatile long delayMillis;
    private volatile boolean controlFails;
    volatile int cancels;
    volatile int resets;

    FakeTpm() {
        this(4096);
    }

    FakeTpm(int bufferSize) {
        this.bufferSize = bufferSize;
    }

    /** Commands wait until {@link #release()} or {@link #cancel()}. */
    void hold() {
        waiting = new CountDownLatch(1);
        gate = new CountDownLatch(1);
        cancelled = false;
    }

    /** Waits until a held command is waiting at the gate. */
    void awaitHeld() throws InterruptedException {
        if (!waiting.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("no command reached the TPM");
        }
    }

    void release() {
        CountDownLatch g = gate;
        if (g != null) {
            g.countDown();
        }
    }

    /** Every command takes at least {@code millis} (so a driver has to wait for it). */
    void delay(long millis) {
        delayMillis = millis;
    }

    /** The control side (cancel, tpmEstablishment) fails from now on, as a lost swtpm would. */
    void failControl() {
        controlFails = true;
    }

    void failWith(RuntimeException e) {
        failure = e;
    }

    void answerWith(byte[] response) {
        forcedResponse = response;
    }

    void setEstablished(boolean value) {
        established = value;
    }

    List<Integer> localitiesSeen() {
        synchronized (localities) {
            return new ArrayList<>(localities);
        }
    }

    @Override
    public byte[] execute(int locality, byte[] command) {
        localities.add(locality);
        CountDownLatch g = gate;
        if (g != null) {
            running = true;
            waiting.countDown();
            try {
                if (!g.await(10, TimeUnit.SECONDS)) {
                    throw new TpmBackendException("held command never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return error(RC_CANCELED);
            }
            gate = null;
            running = false;
            if (cancelled) {
                cancelled = false;
                return error(RC_CANCELED);
            }
        }
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
        byte[] forced = forcedResponse;
        if (forced != null) {
            return forced;
        }
        return answer(command);
    }

    private synchronized byte[] answer(byte[] cmd) {
        if (cmd.length < 10) {
            return error(RC_COMMAND_SIZE);
        }
        ByteBuffer b = ByteBuffer.wrap(cmd);
        int tag = b.getShort() & 0xFFFF;
        int size = b.getInt();
        int cc = b.getInt();
        if (tag != TpmCommands.TPM_ST_NO_SESSIONS && tag != TpmCommands.TPM_ST_SESSIONS) {
            return error(RC_BAD_TAG);
        }
        if (size != cmd.length) {
            return error(RC_COMMAND_SIZE);
        }
        try {
            if (cc == TpmCommands.CC_STARTUP) {
                started = true;
                return error(RC_SUCCESS);
            }
            if (!started) {
                return error(RC_INITIALIZE);
            }
            switch (cc) {
                case TpmCommands.CC_SELF_TEST:
                    return error(RC_SUCCESS);
                case TpmCommands.CC_GET_RANDOM: {
                    int n = Math.min(b.getShort() & 0xFFFF, 32 * 2);
                    ByteBuffer r = ByteBuffer.allocate(12 + n).putShort((short) TpmCommands.TPM_ST_NO_SESSIONS)
                            .putInt(12 + n).putInt(0).putShort((short) n);
                    for (int i = 0; i < n; i++) {
                        r.put((byte) (counter++ * 0x9E3779B97F4A7C15L >>> 56));
                    }
                    return r.array();
                }
                case TpmCommands.CC_PCR_EXTEND: {
                    int pcr = b.getInt();
                    int authSize = b.getInt();
                    b.position(b.position() + authSize);
                    int count = b.getInt();
                    for (int i = 0; i < count; i++) {
                        int alg = b.getShort() & 0xFFFF;
                        if (alg != TpmCommands.TPM_ALG_SHA256) {
                            return error(0x2C3);   // TPM_RC_HASH + parameter 2
                        }
                        byte[] d = new byte[32];
                        b.get(d);
                        MessageDigest md = MessageDigest.getInstance("SHA-256");
                        md.update(pcrs[pcr]);
                        md.update(d);
                        pcrs[pcr] = md.digest();
                    }
                    return ByteBuffer.allocate(19).putShort((short) TpmCommands.TPM_ST_SESSIONS).putInt(19)
                            .putInt(0).putInt(0).putShort((short) 0).put((byte) 1).putShort((short) 0).array();
                }
                case TpmCommands.CC_PCR_RESET: {
                    pcrs[b.getInt()] = new byte[32];
                    return ByteBuffer.allocate(19).putShort((short) TpmCommands.TPM_ST_SESSIONS).putInt(19)
                            .putInt(0).putInt(0).putShort((short) 0).put((byte) 1).putShort((short) 0).array();
                }
                case TpmCommands.CC_PCR_READ: {
                    b.getInt();
                    b.getShort();
                    b.get();
                    byte[] sel = new byte[3];
                    b.get(sel);
                    int pcr = -1;
                    for (int i = 0; i < 24; i++) {
                        if ((sel[i / 8] & (1 << (i % 8))) != 0) {
                            pcr = i;
                            break;
                        }
                    }
                    return ByteBuffer.allocate(62).putShort((short) TpmCommands.TPM_ST_NO_SESSIONS).putInt(62)
                            .putInt(0).putInt((int) counter)
                            .putInt(1).putShort((short) TpmCommands.TPM_ALG_SHA256).put((byte) 3).put(sel)
                            .putInt(1).putShort((short) 32).put(pcr < 0 ? new byte[32] : pcrs[pcr]).array();
                }
                default:
                    return error(RC_COMMAND_CODE);
            }
        } catch (RuntimeException | NoSuchAlgorithmException e) {
            return error(0x095);   // TPM_RC_INSUFFICIENT
        }
    }

    static byte[] error(int rc) {
        return ByteBuffer.allocate(10).putShort((short) TpmCommands.TPM_ST_NO_SESSIONS).putInt(10).putInt(rc).array();
    }

    @Override
    public void cancel() {
        cancels++;
        if (controlFails) {
            throw new TpmBackendException("control channel lost");
        }
        CountDownLatch g = gate;
        if (g != null && running) {
            cancelled = true;
            g.countDown();
        }
    }

    @Override
    public boolean isEstablished() {
        if (controlFails) {
            throw new TpmBackendException("control channel lost");
        }
        return established;
    }

    @Override
    public void resetEstablished(int locality) {
        if (controlFails) {
            throw new TpmBackendException("control channel lost");
        }
        if (locality == 3 || locality == 4) {
            established = false;
        }
        resets++;
    }

    @Override
    public void init() {
        started = false;
    }

    @Override
    public void powerOff() {
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
        release();
    }
}
