package io.jvtpm.crb;

import io.jvtpm.crb.buffer.CommandBuffer;
import io.jvtpm.crb.regs.CrbInterrupt;
import io.jvtpm.crb.regs.CrbRegister;
import io.jvtpm.crb.regs.CtrlReq;
import io.jvtpm.crb.regs.LocCtrl;
import io.jvtpm.engine.TpmBackend;
import io.jvtpm.engine.ptp.CommandRunner;
import io.jvtpm.engine.ptp.EstablishmentFlag;
import io.jvtpm.engine.ptp.InterruptRegisters;
import io.jvtpm.engine.ptp.LocalityArbiter;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command and locality state machine of the CRB interface (PTP section 6.5.3): TPM_LOC_CTRL_x
 * (requestAccess, relinquish, seize, resetEstablishmentBit), CTRL_REQ's cmdReady/goIdle with idle
 * bypass, CTRL_CANCEL, CTRL_START and the command's completion, the interrupts they raise and the
 * wipes of the buffer. The register encodings are {@link CrbWindow}'s. Guarded by the device's
 * lock, except {@link #perform} and {@link #reset}, which call the backend and take the lock
 * themselves.
 */
final class CrbControl {
    private static final Logger log = LoggerFactory.getLogger(CrbDevice.class);
    private static final InterruptRegisters.Layout INTERRUPT_LAYOUT = new InterruptRegisters.Layout(
            CrbInterrupt.GLOBAL_ENABLE, CrbInterrupt.SOURCES, CrbInterrupt.GLOBAL_ENABLE | CrbInterrupt.SOURCES, 0);

    /** What a guest write left to do once the lock is released (backend calls never hold it). */
    record Work(CommandRunner.Command dispatch, boolean cancel, int resetEstablishment) {
        static final Work NONE = new Work(null, false, -1);
    }

    private final Object lock;
    private final CommandBuffer buffer;
    private final CommandRunner runner;
    private final EstablishmentFlag established;
    private final LocalityArbiter arbiter = new LocalityArbiter(CrbDevice.LOCALITIES);
    private final InterruptRegisters interrupts;

    // Guarded by lock.
    private int cmdSize;
    private boolean idle;
    private boolean fatal;
    private boolean cancelBit;
    /** The command CTRL_START stands for, until the runner is done with it. */
    private CommandRunner.Command running;
    private CommandRunner.Command toDispatch;
    private boolean toCancel;
    private int toResetEstablished = -1;

    /** The state machine of a device in front of {@code backend}; {@link #reset} puts it in its power-on state. */
    CrbControl(TpmBackend backend, Object lock, CommandBuffer buffer, CrbOptions options) {
        this.lock = lock;
        this.buffer = buffer;
        this.interrupts = new InterruptRegisters(1, INTERRUPT_LAYOUT, options.interrupt());
        this.runner = new CommandRunner(backend, lock, options.executor(), "crb-tpm-command",
                () -> cmdSize, this::completed);
        this.established = new EstablishmentFlag(backend);
    }

    LocalityArbiter arbiter() {
        return arbiter;
    }

    InterruptRegisters interrupts() {
        return interrupts;
    }

    boolean established() {
        return established.established();
    }

    int commandBufferSize() {
        return cmdSize;
    }

    boolean idle() {
        return idle;
    }

    boolean fatal() {
        return fatal;
    }

    boolean cancelRequested() {
        return cancelBit;
    }

    /** Whether CTRL_START reads 1: a command started and the runner is not done with it. */
    boolean started() {
        return running != null;
    }

    // ------------------------------------------------------------------ register writes

    /** A write of {@code bits} to TPM_LOC_CTRL_x of {@code locality} (every locality may write its own). */
    void locCtrl(int locality, int bits) {
        if (LocCtrl.RELINQUISH.isSetIn(bits) && arbiter.relinquish(locality)) {
            localityChanged();
        }
        if (LocCtrl.REQUEST_ACCESS.isSetIn(bits)) {
            arbiter.clearBeenSeized(locality); // a request clears beenSeized (LOC_STS)
            if (arbiter.request(locality)) {
                localityChanged();
            }
        }
        if (LocCtrl.SEIZE.isSetIn(bits) && arbiter.seize(locality)) {
            localityChanged();
        }
        if (LocCtrl.RESET_ESTABLISHMENT.isSetIn(bits)) {
            if (EstablishmentFlag.mayReset(locality)) {
                toResetEstablished = locality;
            } else {
                CrbDevice.debugIgnored("resetEstablishment below locality 3", CrbRegister.LOC_CTRL.offset(locality), 4, bits);
            }
        }
    }

    /** The active locality changed: the TPM idles, the buffer and any running command's answer go. */
    private void localityChanged() {
        toCancel |= runner.abandonLocked();
        buffer.wipe();
        idle = true;
        cancelBit = false;
        interrupts.raise(0, CrbInterrupt.LOC_CHANGED.mask());
    }

    /** A write of {@code bits} to CTRL_REQ by the active locality. */
    void ctrlReq(int bits) {
        boolean ready = CtrlReq.CMD_READY.isSetIn(bits);
        boolean goIdle = CtrlReq.GO_IDLE.isSetIn(bits);
        if (ready == goIdle) {
            if (ready) {
                CrbDevice.debugIgnored("cmdReady and goIdle together", CrbDevice.CONTROL_AREA_OFFSET, 4, bits);
            }
            return;
        }
        if (running != null) {
            CrbDevice.debugIgnored("CTRL_REQ while a command runs", CrbDevice.CONTROL_AREA_OFFSET, 4, bits);
            return;
        }
        buffer.wipe();
        idle = goIdle;
        if (ready) {
            interrupts.raise(0, CrbInterrupt.CMD_READY.mask());
        }
    }

    /** A write of the cancel bit to CTRL_CANCEL by the active locality. */
    void ctrlCancel(boolean invoke) {
        cancelBit = invoke;
        if (invoke && running != null) {
            toCancel |= runner.cancelLocked();
        }
    }

    /** A write of 1 to CTRL_START by the active {@code locality}. */
    void ctrlStart(int locality) {
        if (running != null || fatal) {
            CrbDevice.debugIgnored(fatal ? "CTRL_START after a fatal error" : "CTRL_START while a command runs",
                    CrbRegister.CTRL_START.offset(locality), 4, CrbWindow.START_INVOKE);
            return;
        }
        idle = false; // accepted from Idle too, as QEMU does (SeaBIOS starts its first command so)
        running = runner.startLocked(locality, buffer.command(cmdSize));
        toDispatch = running;
    }

    /** Hands over what the writes since the last call left to do after the lock, and forgets it. */
    Work takeWork() {
        if (toDispatch == null && !toCancel && toResetEstablished < 0) {
            return Work.NONE;
        }
        Work work = new Work(toDispatch, toCancel, toResetEstablished);
        toDispatch = null;
        toCancel = false;
        toResetEstablished = -1;
        return work;
    }

    /** Does {@code work} (without the lock): cancel in the backend, reset tpmEstablishment, run the command. */
    void perform(Work work) {
        if (work.cancel()) {
            runner.cancelBackend();
        }
        if (work.resetEstablishment() >= 0 && established.resetBy(work.resetEstablishment())) {
            synchronized (lock) {
                interrupts.raise(0, CrbInterrupt.ESTABLISHMENT_CLEAR.mask());
            }
        }
        if (work.dispatch() != null) {
            runner.run(work.dispatch());
        }
    }

    // ------------------------------------------------------------------ command execution

    /** The runner's word on a command (lock held): the response goes to the buffer, a failure makes tpmSts fatal. */
    private void completed(CommandRunner.Command command, CommandRunner.Outcome outcome) {
        if (running != command) {
            return; // forgotten by a reset
        }
        running = null;
        if (outcome instanceof CommandRunner.Dropped) {
            log.debug("response of locality {} dropped: it lost the TPM while the command ran", command.locality());
            return; // no START interrupt: the locality now active started nothing
        } else if (outcome instanceof CommandRunner.Failure f) {
            fatal = true;
            log.warn("{}; CRB reports a fatal error until reset", f.reason());
        } else if (outcome instanceof CommandRunner.Response r) {
            buffer.putResponse(r.bytes());
        }
        interrupts.raise(0, CrbInterrupt.START.mask());
    }

    // ------------------------------------------------------------------ platform

    /**
     * A platform reset (without the lock): a running command is cancelled and its response
     * dropped, tpmEstablishment is read again, and the rest is as at power-on with the buffer
     * size {@code bufferSize} says, asked after the cancel.
     */
    void reset(IntSupplier bufferSize) {
        boolean cancel;
        synchronized (lock) {
            cancel = runner.abandonLocked();
            running = null;
        }
        if (cancel) {
            runner.cancelBackend();
        }
        int size = bufferSize.getAsInt();
        established.refresh();
        synchronized (lock) {
            powerOnLocked(size);
        }
    }

    /**
     * The power-on state with a buffer of {@code bufferSize} bytes: no locality active, Idle,
     * nothing running or pending, tpmSts clear, interrupts off, the buffer zeroed.
     */
    void powerOnLocked(int bufferSize) {
        running = null;
        toDispatch = null;
        toCancel = false;
        toResetEstablished = -1;
        arbiter.reset();
        buffer.wipe();
        idle = true;
        fatal = false;
        cancelBit = false;
        interrupts.reset();
        cmdSize = bufferSize;
    }

    /** Re-reads tpmEstablishment from the backend (without the lock). */
    void refreshEstablished() {
        established.refresh();
    }

    /** Stops the command thread, if the runner made one. */
    void close() {
        runner.close();
    }
}
