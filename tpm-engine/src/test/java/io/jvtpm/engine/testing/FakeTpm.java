package io.jvtpm.engine.testing;

import io.jvtpm.engine.TpmBackend;
import io.jvtpm.engine.TpmBackendException;
import io.jvtpm.engine.wire.TpmRc;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A test double of a TPM behind {@link TpmBackend} (the TPM 2.0 Library's command framing, the PC
 * Client Platform TPM Profile's view of the backend): it answers a few commands like a TPM (see
 * {@link FakeTpmCommands}: Startup, SelfTest, GetRandom, the SHA-256 PCRs, Clear, PCR_Allocate),
 * records every command with its locality, and lets a test steer it: hold a command until released
 * or cancelled, slow every command down, answer or fail the next command or every command, fail
 * one command code, and lose its control side (cancel, tpmEstablishment) as a vanished swtpm does.
 * Thread-safe: a device calls it from its own threads.
 */
public final class FakeTpm implements TpmBackend {
    /** A held command gives up after this long, so that a broken test ends. */
    private static final long HOLD_SECONDS = 10;

    /** One command as the backend received it. */
    public record Received(int locality, byte[] command) {
        public Received {
            command = command.clone();
        }

        @Override
        public byte[] command() {
            return command.clone();
        }
    }

    private final int bufferSize;
    private final FakeTpmCommands tpm;
    private final List<Received> received = new ArrayList<>();
    private int inits;
    private int cancels;
    private int resets;
    private volatile boolean established;
    private volatile boolean controlLost;
    private volatile long delayMillis;
    private volatile CountDownLatch gate;
    private volatile CountDownLatch entered = new CountDownLatch(1);
    private volatile boolean held;
    private volatile boolean cancelled;
    private volatile RuntimeException failNext;
    private volatile RuntimeException failAlways;
    private volatile byte[] answerNext;
    private volatile byte[] answerAlways;

    /** A fake with 4096-byte buffers, not yet started (it wants TPM2_Startup). */
    public FakeTpm() {
        this(DEFAULT_BUFFER_SIZE, 1);
    }

    /** A fake with {@code bufferSize}-byte buffers. */
    public FakeTpm(int bufferSize) {
        this(bufferSize, 1);
    }

    /** A fake with {@code bufferSize}-byte buffers whose GetRandom bytes come from {@code seed}. */
    public FakeTpm(int bufferSize, long seed) {
        this.bufferSize = bufferSize;
        this.tpm = new FakeTpmCommands(seed);
    }

    // ---- steering ----

    /**
     * The next command waits, after counting down the returned latch, until {@link #release()} or
     * {@link #cancel()}; a cancelled one answers TPM_RC_CANCELED.
     */
    public CountDownLatch holdNext() {
        CountDownLatch e = new CountDownLatch(1);
        entered = e;
        cancelled = false;
        gate = new CountDownLatch(1);
        return e;
    }

    /** Waits until the command {@link #holdNext()} holds has reached the TPM. */
    public void awaitHeld() throws InterruptedException {
        if (!entered.await(HOLD_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("no command reached the TPM");
        }
    }

    /** Lets a held command go on. */
    public void release() {
        CountDownLatch g = gate;
        if (g != null) {
            g.countDown();
        }
    }

    /** Every command takes at least {@code millis} from now on (so a driver has to wait for it). */
    public void delay(long millis) {
        delayMillis = millis;
    }

    /** The next command throws {@code e} (a backend failure, not a TPM answer). */
    public void failNext(RuntimeException e) {
        failNext = e;
    }

    /** Every command throws {@code e} from now on. */
    public void failAlways(RuntimeException e) {
        failAlways = e;
    }

    /** The next command is answered with {@code response}, whatever it was. */
    public void answerNext(byte[] response) {
        answerNext = response.clone();
    }

    /** Every command is answered with {@code response} from now on. */
    public void answerAlways(byte[] response) {
        answerAlways = response.clone();
    }

    /** Commands with {@code commandCode} answer TPM_RC_BAD_AUTH (session 1) from now on. */
    public void failCommand(int commandCode) {
        synchronized (this) {
            tpm.failCommand(commandCode);
        }
    }

    /** The control side (cancel, tpmEstablishment) throws from now on, as a lost swtpm's would. */
    public void loseControlChannel() {
        controlLost = true;
    }

    public void setEstablished(boolean value) {
        established = value;
    }

    // ---- what happened ----

    /** Every command so far, in order. */
    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** The bytes of every command so far, in order. */
    public synchronized List<byte[]> commands() {
        return received.stream().map(Received::command).toList();
    }

    /** The locality of every command so far, in order. */
    public synchronized List<Integer> localities() {
        return received.stream().map(Received::locality).toList();
    }

    /** Command {@code i} in hex. */
    public synchronized String hex(int i) {
        return HexFormat.of().formatHex(received.get(i).command);
    }

    /**
     * What the TPM did, by name ("Startup", "ClearControl", "Clear", "GetCapability",
     * "PCR_Allocate", "init", "cc 0x... unsupported", "cc 0x... failed"), in order.
     */
    public synchronized List<String> log() {
        return List.copyOf(tpm.log());
    }

    /** Forgets the commands and the log so far. */
    public synchronized void clearRecords() {
        received.clear();
        tpm.log().clear();
    }

    public synchronized int inits() {
        return inits;
    }

    public synchronized int cancels() {
        return cancels;
    }

    /** How often resetEstablished was called, from any locality. */
    public synchronized int resets() {
        return resets;
    }

    /** True once TPM2_Startup succeeded, until the next init or power off. */
    public synchronized boolean started() {
        return tpm.started();
    }

    /** False once TPM2_Clear ran. */
    public synchronized boolean ownerAuthSet() {
        return tpm.ownerAuthSet();
    }

    /** The allocated PCR banks (TPM_ALG_ID), in TPM order; PCR_Allocate changes them at init. */
    public synchronized List<Integer> activeBanks() {
        return tpm.activeBanks();
    }

    // ---- TpmBackend ----

    @Override
    public byte[] execute(int locality, byte[] command) {
        synchronized (this) {
            received.add(new Received(locality, command));
        }
        CountDownLatch g = gate;
        if (g != null) {
            byte[] cancel = waitAtGate(g);
            if (cancel != null) {
                return cancel;
            }
        }
        long delay = delayMillis;
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        RuntimeException f = failNext;
        if (f != null) {
            failNext = null;
            throw f;
        }
        f = failAlways;
        if (f != null) {
            throw f;
        }
        byte[] a = answerNext;
        if (a != null) {
            answerNext = null;
            return a.clone();
        }
        a = answerAlways;
        if (a != null) {
            return a.clone();
        }
        synchronized (this) {
            return tpm.answer(command);
        }
    }

    /** Waits for release or cancel; the TPM_RC_CANCELED response when cancelled, else null. */
    private byte[] waitAtGate(CountDownLatch g) {
        held = true;
        entered.countDown();
        try {
            if (!g.await(HOLD_SECONDS, TimeUnit.SECONDS)) {
                throw new TpmBackendException("held command never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FakeTpmCommands.error(TpmRc.CANCELED.value());
        } finally {
            held = false;
            gate = null;
        }
        if (cancelled) {
            cancelled = false;
            return FakeTpmCommands.error(TpmRc.CANCELED.value());
        }
        return null;
    }

    /** Cancels a held command (it answers TPM_RC_CANCELED); with nothing held it does nothing. */
    @Override
    public void cancel() {
        synchronized (this) {
            cancels++;
        }
        checkControl();
        CountDownLatch g = gate;
        if (g != null && held) {
            cancelled = true;
            g.countDown();
        }
    }

    @Override
    public boolean isEstablished() {
        checkControl();
        return established;
    }

    /** Clears the flag from locality 3 or 4 only, as the profile says. */
    @Override
    public void resetEstablished(int locality) {
        checkControl();
        synchronized (this) {
            resets++;
        }
        if (locality == 3 || locality == 4) {
            established = false;
        }
    }

    private void checkControl() {
        if (controlLost) {
            throw new TpmBackendException("control channel lost");
        }
    }

    @Override
    public synchronized void init() {
        inits++;
        tpm.init();
    }

    @Override
    public synchronized void powerOff() {
        tpm.powerOff();
    }

    @Override
    public int bufferSize() {
        return bufferSize;
    }

    /** Lets a held command go. */
    @Override
    public void close() {
        release();
    }

    @Override
    public synchronized String toString() {
        return "FakeTpm" + tpm.log() + " banks " + tpm.activeBanks();
    }

    /** A header-only response with {@code rc}, as the fake answers an error. */
    public static byte[] errorResponse(int rc) {
        return FakeTpmCommands.error(rc);
    }
}
