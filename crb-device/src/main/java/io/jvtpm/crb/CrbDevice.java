package io.jvtpm.crb;

import io.jvtpm.crb.buffer.CommandBuffer;
import io.jvtpm.crb.regs.CrbRegister;
import io.jvtpm.engine.TpmBackend;
import io.jvtpm.engine.ptp.CommandRunner;
import io.jvtpm.engine.ptp.TpmInterfaceDevice;
import io.jvtpm.engine.wire.TpmWire;
import java.nio.ByteBuffer;
import java.util.Objects;
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
 * <p>Locality 4 is the platform's (PTP "Locality Usage": only the CPU's special cycles reach it):
 * every guest access that touches its page is aborted as {@link TpmInterfaceDevice#platformOnly}
 * says, reading all ones and dropping the write, so a guest can neither take locality 4 nor reset
 * or extend the PCRs only it may (17-22). Host code that models the DRTM uses the backend.
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
 *
 * <p>The device is the VMM's face and the lifecycle; {@link CrbWindow} decodes the register window
 * and the buffer access, {@link CrbControl} is the command and locality state machine.
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

    private final TpmBackend backend;
    private final long base;
    private final CommandBuffer buffer;
    private final CrbControl control;
    private final CrbWindow window;
    private final AtomicLong internalErrors = new AtomicLong();
    private final Object lock = new Object();

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
        this.backend = Objects.requireNonNull(backend, "backend");
        this.base = options.baseAddress();
        if (options.externalBuffer() == null) {
            this.buffer = new CommandBuffer(DATA_BUFFER_MAX);
        } else {
            this.buffer = CommandBuffer.over(options.externalBuffer().memory(), DATA_BUFFER_MAX);
        }
        fitBackendBuffer();
        this.control = new CrbControl(backend, lock, buffer, options);
        this.window = new CrbWindow(control, buffer, options);
        int size = backendBufferSize();
        synchronized (lock) {
            control.powerOnLocked(size);
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
            return control.commandBufferSize();
        }
    }

    /** The active locality, or -1. */
    @Override
    public int activeLocality() {
        synchronized (lock) {
            return control.arbiter().active();
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
     * Outside the window, in locality 4's page or with another size it reads all ones.
     */
    @Override
    public long read(long offset, int size) {
        if (size < 1 || size > 8 || offset < 0 || offset > SIZE - size) {
            debugIgnored("read", offset, size, 0);
            return TpmInterfaceDevice.allOnes(size);
        }
        if (TpmInterfaceDevice.platformOnly(offset, size)) {
            debugIgnored("read of the platform's locality 4", offset, size, 0);
            return TpmInterfaceDevice.allOnes(size);
        }
        try {
            synchronized (lock) {
                return window.read((int) offset, size);
            }
        } catch (RuntimeException e) {
            internalErrors.incrementAndGet();
            log.error("CRB read at 0x{} size {} failed", Long.toHexString(offset), size, e);
            return TpmInterfaceDevice.allOnes(size);
        }
    }

    /**
     * A guest write of the low {@code size} bytes (1..8) of {@code value} at {@code offset} from
     * the base. Outside the window, in locality 4's page or with another size it is ignored.
     */
    @Override
    public void write(long offset, int size, long value) {
        if (size < 1 || size > 8 || offset < 0 || offset > SIZE - size) {
            debugIgnored("write", offset, size, value);
            return;
        }
        if (TpmInterfaceDevice.platformOnly(offset, size)) {
            debugIgnored("write to the platform's locality 4", offset, size, value);
            return;
        }
        CrbControl.Work work;
        try {
            synchronized (lock) {
                window.write((int) offset, size, value);
                work = control.takeWork();
            }
        } catch (RuntimeException e) {
            internalErrors.incrementAndGet();
            log.error("CRB write at 0x{} size {} value 0x{} failed", Long.toHexString(offset), size,
                    Long.toHexString(value), e);
            return;
        }
        if (work != CrbControl.Work.NONE) {
            control.perform(work);
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
        control.reset(this::backendBufferSize);
    }

    /** Re-reads tpmEstablishment from the backend (after a host-driven H-CRTM sequence). */
    @Override
    public void refreshEstablished() {
        control.refreshEstablished();
    }

    /** Whether the interrupt line is asserted now. */
    @Override
    public boolean interruptAsserted() {
        synchronized (lock) {
            return control.interrupts().asserted();
        }
    }

    private int backendBufferSize() {
        try {
            int size = backend.bufferSize();
            return Math.max(TpmWire.HEADER_SIZE, Math.min(size, DATA_BUFFER_MAX));
        } catch (RuntimeException ex) {
            log.warn("TPM backend did not tell its buffer size; using {}", DATA_BUFFER_MAX, ex);
            return DATA_BUFFER_MAX;
        }
    }

    /** Stops the device's own command thread, if it started one. The backend stays open. */
    @Override
    public void close() {
        control.close();
    }

    /** Logs at debug an access the device ignores. */
    static void debugIgnored(String what, long offset, int size, long value) {
        if (log.isDebugEnabled()) {
            log.debug("CRB: ignored {} at 0x{} size {} value 0x{}", what, Long.toHexString(offset), size,
                    Long.toHexString(value));
        }
    }
}
