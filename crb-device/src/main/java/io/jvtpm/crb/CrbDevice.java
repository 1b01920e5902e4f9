package io.jvtpm.crb;

import io.jvtpm.crb.buffer.CommandBuffer;
import io.jvtpm.crb.regs.CrbInterrupt;
import io.jvtpm.crb.regs.CrbRegister;
import io.jvtpm.crb.regs.CtrlReq;
import io.jvtpm.crb.regs.CtrlSts;
import io.jvtpm.crb.regs.InterfaceId;
import io.jvtpm.crb.regs.LocCtrl;
import io.jvtpm.crb.regs.LocState;
import io.jvtpm.crb.regs.LocSts;
import io.jvtpm.engine.TpmBackend;
import io.jvtpm.engine.ptp.CommandRunner;
import io.jvtpm.engine.ptp.EstablishmentFlag;
import io.jvtpm.engine.ptp.InterruptRegisters;
import io.jvtpm.engine.ptp.LocalityArbiter;
import io.jvtpm.engine.ptp.TpmInterfaceDevice;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TPM Command Response Buffer interface of the PC Client Platform TPM Profile for TPM 2.0
 * (section 6.5.3): five localities of one 4 KiB page each (registers, then the data buffer at
 * 0x80, as QEMU lays out locality 0), locality arbitration, the cmdReady/goIdle state machine with
 * idle bypass, CTRL_START/CTRL_CANCEL, interrupts, in front of any {@link TpmBackend}.
 *
 * <p>A VMM forwards every access in {@code [base, base + SIZE)} to {@link #read} and
 * {@link #write} with the offset relative to the base. Any size 1..8 at any offset is accepted;
 * nothing a guest does throws. A command the backend calls quick ({@link TpmBackend#isQuick}) runs
 * on the vCPU thread inside the CTRL_START write, so it is done by the guest's first poll; any
 * other runs on the executor and the write returns at once: a vCPU never waits on a slow command
 * (the PTP core's {@link CommandRunner}). CTRL_START reads 1 until the response is in the buffer
 * (or, for a command whose locality lost the TPM, until the TPM is done with it), then the START
 * interrupt fires if enabled.
 *
 * <p>Rules this model follows where the profile leaves a choice: the control area (0x40-0x7F) reads
 * the same from every locality (the profile allows aliasing) but only the active locality's writes
 * take effect; the data buffer reads all ones and ignores writes except from the active locality;
 * every change of the active locality, cmdReady and goIdle wipe the buffer, and a response whose
 * locality lost the TPM while it ran is dropped, so no locality ever reads another's response;
 * reserved offsets read 0; a command whose header size is wrong goes to the TPM, which answers
 * TPM_RC_COMMAND_SIZE; tpmSts (fatal) is set only when the backend itself fails and stays until
 * {@link #reset()}.
 *
 * <p>With {@link CrbOptions#withExternalBuffer} the buffer is guest memory outside the window that
 * the VMM maps as RAM, and CTRL_CMD_LADDR/HADDR and CTRL_RSP_ADDR give its address: the guest
 * copies commands and responses without a VM exit. The window's data buffers then alias it. The
 * guest reaches that memory from any locality, so the locality rule above holds for the window
 * only; the wipes still clear it.
 */
public final class CrbDevice implements TpmInterfaceDevice {

    private static final Logger log = LoggerFactory.getLogger(CrbDevice.class);

    /** The profile's base address of locality 0 (0xFED40000). */
    public static final long BASE_ADDRESS = 0xFED4_0000L;
    /** Localities 0..4. */
    public static final int LOCALITIES = 5;
    /** Bytes per locality page. */
    public static final int LOCALITY_STRIDE = CrbRegister.LOCALITY_STRIDE;
    /** The size of the whole register window, all five localities (0x5000). */
    public static final int SIZE = LOCALITIES * LOCALITY_STRIDE;
    /** Offset of the control area (CTRL_REQ), which the ACPI TPM2 table points at. */
    public static final int CONTROL_AREA_OFFSET = CrbRegister.CTRL_REQ.offset();
    /** Offset of the data buffer in each locality page. */
    public static final int DATA_BUFFER_OFFSET = CrbRegister.DATA_BUFFER.offset();
    /** The largest buffer that fits a page: 3968 bytes, what QEMU asks swtpm for. */
    public static final int DATA_BUFFER_MAX = LOCALITY_STRIDE - DATA_BUFFER_OFFSET;

    private static final int CANCEL_INVOKE = 1;
    private static final int START_INVOKE = 1;
    private static final InterruptRegisters.Layout INTERRUPT_LAYOUT = new InterruptRegisters.Layout(
            CrbInterrupt.GLOBAL_ENABLE, CrbInterrupt.SOURCES, CrbInterrupt.GLOBAL_ENABLE | CrbInterrupt.SOURCES, 0);

    /** The register of each dword below the buffer (null where reserved). */
    private static final CrbRegister[] REGISTER_AT_DWORD = new CrbRegister[DATA_BUFFER_OFFSET / 4];

    static {
        for (int dw = 0; dw < DATA_BUFFER_OFFSET; dw += 4) {
            REGISTER_AT_DWORD[dw / 4] = CrbRegister.at(dw);
        }
    }

    private final TpmBackend backend;
    private final CommandRunner runner;
    private final long base;
    private final int intfIdLow;
    private final int intfIdHigh;
    private final CommandBuffer buffer;
    /** The buffer's guest address when it is outside the window, else -1. */
    private final long externalBufferAddress;
    private final LocalityArbiter arbiter = new LocalityArbiter(LOCALITIES);
    private final AtomicLong internalErrors = new AtomicLong();
    private final Object lock = new Object();
    private final InterruptRegisters interrupts;
    private final EstablishmentFlag established;

    // Guarded by lock.
    private int cmdSize;
    private boolean idle;
    private boolean fatal;
    private boolean cancelBit;
    /** The command CTRL_START stands for, until the runner is done with it. */
    private CommandRunner.Command running;
    // Work found under the lock and done after it is released (backend calls never hold the lock).
    private CommandRunner.Command toDispatch;
    private boolean toCancel;
    private int toResetEstablished = -1;

    /** A device with {@link CrbOptions#defaults()}. */
    public CrbDevice(TpmBackend backend) {
        this(backend, CrbOptions.defaults());
    }

    /**
     * A device in its power-on state in front of {@code backend}. It neither powers the TPM on
     * nor sends _TPM_Init: that is the VMM's, as is calling {@link #reset()} at platform resets.
     * A backend buffer larger than {@value #DATA_BUFFER_MAX} bytes is asked to shrink to it.
     */
    public CrbDevice(TpmBackend backend, CrbOptions options) {
        this.backend = java.util.Objects.requireNonNull(backend, "backend");
        this.base = options.baseAddress();
        this.interrupts = new InterruptRegisters(1, INTERRUPT_LAYOUT, options.interrupt());
        if (options.externalBuffer() == null) {
            this.buffer = new CommandBuffer(DATA_BUFFER_MAX);
            this.externalBufferAddress = -1;
        } else {
            this.buffer = CommandBuffer.over(options.externalBuffer().memory(), DATA_BUFFER_MAX);
            this.externalBufferAddress = options.externalBuffer().guestAddress();
        }
        this.runner = new CommandRunner(backend, lock, options.executor(), "crb-tpm-command",
                () -> cmdSize, this::completed);
        InterfaceId id = new InterfaceId(true, true, options.vendorId(), options.deviceId(), options.revisionId());
        this.intfIdLow = id.low();
        this.intfIdHigh = id.high();
        fitBackendBuffer();
        this.established = new EstablishmentFlag(backend);
        int size = backendBufferSize();
        synchronized (lock) {
            powerOnDefaults(size);
        }
    }

    /**
     * Asks a backend whose buffer is larger than the page's {@value #DATA_BUFFER_MAX} bytes to
     * shrink it (swtpm's SET_BUFFERSIZE, as QEMU does for CRB), so that it never answers more than
     * the guest can read. A running TPM cannot change it; then a larger response is reported as
     * tpmSts (fatal), so a VMM constructs the device before powering the TPM on.
     */
    private void fitBackendBuffer() {
        try {
            if (backend.bufferSize() > DATA_BUFFER_MAX) {
                int got = backend.setBufferSize(DATA_BUFFER_MAX);
                log.debug("TPM buffer size set to {}", got);
            }
        } catch (RuntimeException ex) {
            log.info("TPM buffer size stays above {} bytes ({}); a larger response will be a fatal error",
                    DATA_BUFFER_MAX, ex.getMessage());
        }
    }

    /** Guest-physical address of the window (locality 0's page). */
    @Override
    public long baseAddress() {
        return base;
    }

    /** {@link #SIZE}. */
    @Override
    public int size() {
        return SIZE;
    }

    /** Guest-physical address of the control area, for the ACPI TPM2 table. */
    public long controlAreaAddress() {
        return base + CONTROL_AREA_OFFSET;
    }

    /** The command/response buffer size offered to the guest (CTRL_CMD_SIZE, CTRL_RSP_SIZE). */
    public int commandBufferSize() {
        synchronized (lock) {
            return cmdSize;
        }
    }

    /** The active locality, or -1. */
    @Override
    public int activeLocality() {
        synchronized (lock) {
            return arbiter.active();
        }
    }

    /** Accesses that hit a bug in this device (answered as an ignored access); 0 unless broken. */
    public long internalErrors() {
        return internalErrors.get();
    }

    /**
     * A little-endian view of the data buffer's bytes, shared by all localities, for a VMM that
     * copies the buffer in bulk instead of calling {@link #read}/{@link #write} per access. It
     * bypasses the locality check, so use it only on behalf of the active locality, and not while
     * CTRL_START reads 1 (the response is written from the command thread).
     */
    public ByteBuffer dataBuffer() {
        synchronized (lock) {
            return buffer.view();
        }
    }

    // ------------------------------------------------------------------ guest accesses

    /**
     * A guest read of {@code size} bytes (1..8) at {@code offset} from the base, little-endian.
     * Outside the window or with another size it reads all ones.
     */
    @Override
    public long read(long offset, int size) {
        if (size < 1 || size > 8 || offset < 0 || offset > SIZE - size) {
            debugIgnored("read", offset, size, 0);
            return size >= 8 || size < 1 ? -1L : (1L << (8 * size)) - 1;
        }
        try {
            synchronized (lock) {
                return readLocked((int) offset, size);
            }
        } catch (RuntimeException e) {
            internalErrors.incrementAndGet();
            log.error("CRB read at 0x{} size {} failed", Long.toHexString(offset), size, e);
            return size == 8 ? -1L : (1L << (8 * size)) - 1;
        }
    }

    /**
     * A guest write of the low {@code size} bytes (1..8) of {@code value} at {@code offset} from
     * the base. Outside the window or with another size it is ignored.
     */
    @Override
    public void write(long offset, int size, long value) {
        if (size < 1 || size > 8 || offset < 0 || offset > SIZE - size) {
            debugIgnored("write", offset, size, value);
            return;
        }
        CommandRunner.Command dispatch;
        boolean cancel;
        int resetEstablished;
        try {
            synchronized (lock) {
                writeLocked((int) offset, size, value);
                dispatch = toDispatch;
                cancel = toCancel;
                resetEstablished = toResetEstablished;
                toDispatch = null;
                toCancel = false;
                toResetEstablished = -1;
            }
        } catch (RuntimeException e) {
            internalErrors.incrementAndGet();
            log.error("CRB write at 0x{} size {} value 0x{} failed", Long.toHexString(offset), size,
                    Long.toHexString(value), e);
            return;
        }
        if (cancel) {
            runner.cancelBackend();
        }
        if (resetEstablished >= 0) {
            resetEstablishment(resetEstablished);
        }
        if (dispatch != null) {
            runner.run(dispatch);
        }
    }

    private long readLocked(int offset, int size) {
        int locality = offset >>> 12;
        int inPage = offset & (LOCALITY_STRIDE - 1);
        if (inPage >= DATA_BUFFER_OFFSET && inPage + size <= LOCALITY_STRIDE) {
            if (!arbiter.isActive(locality)) {
                debugIgnored("buffer read from inactive locality", offset, size, 0);
                return size == 8 ? -1L : (1L << (8 * size)) - 1;
            }
            return buffer.read(inPage - DATA_BUFFER_OFFSET, size);
        }
        if (size == 4 && (inPage & 3) == 0) {
            return register(locality, inPage) & 0xFFFF_FFFFL;
        }
        long v = 0;
        for (int i = 0; i < size; i++) {
            v |= (long) byteAt(offset + i) << (8 * i);
        }
        return v;
    }

    private int byteAt(int offset) {
        int locality = offset >>> 12;
        int inPage = offset & (LOCALITY_STRIDE - 1);
        if (inPage >= DATA_BUFFER_OFFSET) {
            return arbiter.isActive(locality) ? (int) buffer.read(inPage - DATA_BUFFER_OFFSET, 1) : 0xFF;
        }
        return (register(locality, inPage & ~3) >>> (8 * (inPage & 3))) & 0xFF;
    }

    /** The 32-bit value at dword offset {@code dw} (below the buffer) of {@code locality}'s page. */
    private int register(int locality, int dw) {
        CrbRegister r = REGISTER_AT_DWORD[dw >>> 2];
        if (r == null) {
            return 0; // reserved
        }
        boolean highHalf = dw != r.offset();
        return switch (r) {
            case LOC_STATE -> LocState.value(arbiter.active(), established.established());
            case LOC_STS -> (arbiter.isActive(locality) ? LocSts.GRANTED.mask() : 0)
                    | (arbiter.beenSeized(locality) ? LocSts.BEEN_SEIZED.mask() : 0);
            case INTF_ID -> intfIdLow;
            case INTF_ID2 -> intfIdHigh;
            case CTRL_STS -> (fatal ? CtrlSts.TPM_STS.mask() : 0) | (idle ? CtrlSts.TPM_IDLE.mask() : 0);
            case CTRL_CANCEL -> cancelBit ? CANCEL_INVOKE : 0;
            case CTRL_START -> running != null ? START_INVOKE : 0;
            case CTRL_INT_ENABLE -> interrupts.enable(0);
            case CTRL_INT_STS -> interrupts.status(0);
            case CTRL_CMD_SIZE, CTRL_RSP_SIZE -> cmdSize;
            case CTRL_CMD_LADDR -> (int) bufferAddress(locality);
            case CTRL_CMD_HADDR -> (int) (bufferAddress(locality) >>> 32);
            case CTRL_RSP_ADDR -> (int) (bufferAddress(locality) >>> (highHalf ? 32 : 0));
            // write-only LOC_CTRL; CTRL_REQ, whose requests complete at once; CTRL_EXT, not implemented
            case LOC_CTRL, CTRL_REQ, CTRL_EXT, DATA_BUFFER -> 0;
        };
    }

    private long bufferAddress(int locality) {
        return externalBufferAddress >= 0 ? externalBufferAddress : base + (long) locality * LOCALITY_STRIDE + DATA_BUFFER_OFFSET;
    }

    private void writeLocked(int offset, int size, long value) {
        int i = 0;
        while (i < size) {
            int at = offset + i;
            int locality = at >>> 12;
            int inPage = at & (LOCALITY_STRIDE - 1);
            if (inPage >= DATA_BUFFER_OFFSET) {
                int n = Math.min(size - i, LOCALITY_STRIDE - inPage);
                long bytes = value >>> (8 * i);
                if (arbiter.isActive(locality)) {
                    buffer.write(inPage - DATA_BUFFER_OFFSET, n, bytes);
                } else {
                    debugIgnored("buffer write from inactive locality", at, n, bytes);
                }
                i += n;
            } else {
                int shift = inPage & 3;
                int n = Math.min(size - i, 4 - shift);
                long byteMask = n == 4 ? 0xFFFF_FFFFL : (1L << (8 * n)) - 1;
                int bits = (int) (((value >>> (8 * i)) & byteMask) << (8 * shift));
                int mask = (int) (byteMask << (8 * shift));
                writeRegister(locality, inPage - shift, bits, mask);
                i += n;
            }
        }
    }

    /** A write of {@code bits} (only the bytes in {@code mask} were written) to a register dword. */
    private void writeRegister(int locality, int dw, int bits, int mask) {
        CrbRegister r = REGISTER_AT_DWORD[dw >>> 2];
        long at = (long) locality * LOCALITY_STRIDE + dw;
        if (r == CrbRegister.LOC_CTRL) { // every locality may write its own
            locCtrl(locality, bits);
            return;
        }
        if (r == null || r.offset() < CONTROL_AREA_OFFSET) {
            debugIgnored("write to a read-only or reserved register", at, 4, bits);
            return;
        }
        if (!arbiter.isActive(locality)) {
            debugIgnored("control area write from an inactive locality", at, 4, bits);
            return;
        }
        switch (r) {
            case CTRL_REQ -> ctrlReq(bits);
            case CTRL_CANCEL -> {
                if ((mask & 0xFF) != 0) {
                    ctrlCancel((bits & CANCEL_INVOKE) != 0);
                }
            }
            case CTRL_START -> {
                if ((bits & START_INVOKE) != 0) {
                    ctrlStart(locality);
                }
            }
            case CTRL_INT_ENABLE -> interrupts.writeEnable(0, bits, mask);
            case CTRL_INT_STS -> interrupts.clearStatus(0, bits & mask);
            default -> debugIgnored("write to a read-only control register", at, 4, bits);
        }
    }

    private void locCtrl(int locality, int bits) {
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
                debugIgnored("resetEstablishment below locality 3", (long) locality * LOCALITY_STRIDE + 8, 4, bits);
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

    private void ctrlReq(int bits) {
        boolean ready = CtrlReq.CMD_READY.isSetIn(bits);
        boolean goIdle = CtrlReq.GO_IDLE.isSetIn(bits);
        if (ready == goIdle) {
            if (ready) {
                debugIgnored("cmdReady and goIdle together", CONTROL_AREA_OFFSET, 4, bits);
            }
            return;
        }
        if (running != null) {
            debugIgnored("CTRL_REQ while a command runs", CONTROL_AREA_OFFSET, 4, bits);
            return;
        }
        buffer.wipe();
        idle = goIdle;
        if (ready) {
            interrupts.raise(0, CrbInterrupt.CMD_READY.mask());
        }
    }

    private void ctrlCancel(boolean invoke) {
        cancelBit = invoke;
        if (invoke && running != null) {
            toCancel |= runner.cancelLocked();
        }
    }

    private void ctrlStart(int locality) {
        if (running != null || fatal) {
            debugIgnored(fatal ? "CTRL_START after a fatal error" : "CTRL_START while a command runs",
                    (long) locality * LOCALITY_STRIDE + 0x4C, 4, START_INVOKE);
            return;
        }
        idle = false; // accepted from Idle too, as QEMU does (SeaBIOS starts its first command so)
        running = runner.startLocked(locality, buffer.command(cmdSize));
        toDispatch = running;
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

    private void resetEstablishment(int locality) {
        if (established.resetBy(locality)) {
            synchronized (lock) {
                interrupts.raise(0, CrbInterrupt.ESTABLISHMENT_CLEAR.mask());
            }
        }
    }

    // ------------------------------------------------------------------ platform

    /**
     * A platform reset of the interface (and its power-on state): a running command is cancelled
     * and its response dropped; no locality is active; the TPM is Idle; interrupts are off and the
     * line released; tpmSts is cleared; the buffer is zeroed. The buffer size and tpmEstablishment
     * are read from the backend again. The TPM's own _TPM_Init ({@link TpmBackend#init()}) is the
     * VMM's to send, in the order its reset sequence wants.
     */
    @Override
    public void reset() {
        boolean cancel;
        synchronized (lock) {
            cancel = runner.abandonLocked();
            running = null;
        }
        if (cancel) {
            runner.cancelBackend();
        }
        int size = backendBufferSize();
        established.refresh();
        synchronized (lock) {
            powerOnDefaults(size);
        }
    }

    /** Re-reads tpmEstablishment from the backend (after a host-driven H-CRTM sequence). */
    @Override
    public void refreshEstablished() {
        established.refresh();
    }

    /** Whether the interrupt line is asserted now. */
    @Override
    public boolean interruptAsserted() {
        synchronized (lock) {
            return interrupts.asserted();
        }
    }

    private void powerOnDefaults(int bufferSize) {
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

    private int backendBufferSize() {
        try {
            int size = backend.bufferSize();
            return Math.max(CommandBuffer.TPM_HEADER_SIZE, Math.min(size, DATA_BUFFER_MAX));
        } catch (RuntimeException ex) {
            log.warn("TPM backend did not tell its buffer size; using {}", DATA_BUFFER_MAX, ex);
            return DATA_BUFFER_MAX;
        }
    }

    /** Stops the device's own command thread, if it started one. The backend stays open. */
    @Override
    public void close() {
        runner.close();
    }

    private static void debugIgnored(String what, long offset, int size, long value) {
        if (log.isDebugEnabled()) {
            log.debug("CRB: ignored {} at 0x{} size {} value 0x{}", what, Long.toHexString(offset), size,
                    Long.toHexString(value));
        }
    }
}
