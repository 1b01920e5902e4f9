package io.jvtpm.tis;

import io.jvtpm.engine.TpmBackend;
import io.jvtpm.engine.ptp.CommandRunner;
import io.jvtpm.engine.ptp.EstablishmentFlag;
import io.jvtpm.engine.ptp.InterruptRegisters;
import io.jvtpm.engine.ptp.LocalityArbiter;
import io.jvtpm.engine.ptp.TpmInterfaceDevice;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.tis.fifo.Fifo;
import io.jvtpm.tis.fifo.FifoState;
import io.jvtpm.tis.register.Access;
import io.jvtpm.tis.register.InterfaceId;
import io.jvtpm.tis.register.Interrupts;
import io.jvtpm.tis.register.IntfCapability;
import io.jvtpm.tis.register.Sts;
import io.jvtpm.tis.register.TisRegister;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;

import static io.jvtpm.engine.ptp.TpmInterfaceDevice.allOnes;
import static io.jvtpm.engine.ptp.TpmInterfaceDevice.platformOnly;

/**
 * The TPM FIFO interface (TIS 1.3) of the TCG PC Client Platform TPM Profile for TPM 2.0,
 * "FIFO Interface": five localities of registers in a 0x5000-byte MMIO window at
 * {@link #BASE_ADDRESS}, in front of a {@link TpmBackend}.
 *
 * <p>A VMM calls {@link #read} and {@link #write} with offsets relative to the window's base,
 * from any number of vCPU threads. Accesses are 1, 2 or 4 bytes inside one aligned dword, or 8
 * bytes at an 8-aligned offset (taken as two dword accesses, low first, as a chipset splits
 * them). Anything else and dwords that hold no register read as all ones and are ignored
 * on write, logged at debug; reserved bytes of a dword that holds a register read 0. TPM_STS and
 * the FIFO read as all ones from a locality that is not active, and writes to registers the
 * profile reserves for the active locality are ignored from the others, except that a locality
 * may always acknowledge its own TPM_INT_STATUS. TPM_INT_VECTOR reads the vector the VMM wired
 * and ignores writes. No access throws.
 *
 * <p>tpmGo runs a command the backend calls quick ({@link TpmBackend#isQuick}) on the vCPU
 * thread before the write returns, so the driver's first poll finds the response; any other
 * command goes to an executor and the write returns at once (the PTP core's
 * {@link CommandRunner}). The guest sees TPM_STS without
 * dataAvail until the response is there, then dataAvail (and the dataAvail and stsValid
 * interrupts when enabled).
 *
 * <p>Locality 4 is the platform's (PTP "Locality Usage": only the CPU's special cycles reach it):
 * in a VM that is the host, which drives it through {@code ManagedTpm.hashStart/hashData/hashEnd}
 * or the backend itself, so every guest access to the locality 4 page is aborted as the shared
 * {@link TpmInterfaceDevice#platformOnly} rule says: it reads all ones and a write is dropped.
 * A locality switch (relinquish to a waiting locality, seize) abandons the transaction of the old
 * locality: a command executing is cancelled and its response discarded, so no locality can read
 * another's response.
 * Relinquishing with nobody waiting keeps a READY interface READY for the same locality.
 *
 * <p>tpmEstablishment is read from the backend at construction and {@link #reset()}, and
 * after resetEstablishmentBit; a VMM that runs an H-CRTM sequence later calls
 * {@link #refreshEstablished()}.
 */
public final class TisDevice implements TpmInterfaceDevice {
    /** Guest-physical base of the window (PTP, "Memory Mapped Register Space"). */
    public static final long BASE_ADDRESS = 0xFED40000L;
    /** Size of the window: five localities. */
    public static final int SIZE = 0x5000;
    /** Number of localities. */
    public static final int LOCALITIES = 5;
    /** Distance between the pages of two localities. */
    public static final int LOCALITY_STRIDE = LOCALITY_PAGE_SIZE;
    /** Offset of TPM_DATA_FIFO in a locality's page, where the command bytes are written. */
    public static final int DATA_FIFO_OFFSET = TisRegister.DATA_FIFO.offset();
    /** Width of TPM_DATA_FIFO in bytes. */
    public static final int DATA_FIFO_WIDTH = TisRegister.DATA_FIFO.width();
    /** The largest command or response through this FIFO (as QEMU's TIS and Linux's TPM_BUFSIZE). */
    public static final int MAX_BUFFER_SIZE = 4096;
    /** TPM_DID_VID: device 0x0001, vendor 0x1014 (the values QEMU's TIS reports). */
    public static final int DID_VID = 0x0001_1014;
    /** TPM_RID. */
    public static final int RID = 0x01;

    private static final Logger LOG = LoggerFactory.getLogger(TisDevice.class);
    private static final InterruptRegisters.Layout INTERRUPT_LAYOUT = new InterruptRegisters.Layout(
            Interrupts.GLOBAL_INT_ENABLE, Interrupts.ALL_SOURCES,
            Interrupts.GLOBAL_INT_ENABLE | Interrupts.TYPE_POLARITY_MASK | Interrupts.ALL_SOURCES,
            Interrupts.TYPE_POLARITY_LOW_LEVEL);
    /** What the guest reads when the backend fails on a command: a bare TPM_RC_FAILURE response. */
    private static final byte[] FAILURE_RESPONSE = TpmWire.errorResponse(TpmRc.FAILURE);

    private final Object lock = new Object();
    private final CommandRunner runner;
    private final int interruptVector;
    private final Fifo fifo;
    private final LocalityArbiter arbiter = new LocalityArbiter(LOCALITIES);
    private final InterruptRegisters interrupts;
    private final EstablishmentFlag established;
    private boolean interfaceLocked;
    /** The FIFO transaction of the command the runner has (guarded by lock). */
    private long runningTransaction;

    /** A device in front of {@code backend}, interrupts not wired, with its own command thread. */
    public TisDevice(TpmBackend backend) {
        this(backend, TisOptions.defaults());
    }

    /** A device in front of {@code backend}, wired as {@code options} says. */
    public TisDevice(TpmBackend backend, TisOptions options) {
        Objects.requireNonNull(backend, "backend");
        this.interruptVector = options.interruptVector();
        int size = Math.min(backend.bufferSize(), MAX_BUFFER_SIZE);
        this.fifo = new Fifo(Math.max(size, TpmWire.HEADER_SIZE));
        this.interrupts = new InterruptRegisters(LOCALITIES, INTERRUPT_LAYOUT, options.interrupt());
        this.runner = new CommandRunner(backend, lock, options.executor(), "jvtpm-tis-command",
                fifo::bufferSize, this::completed);
        this.established = new EstablishmentFlag(backend);
    }

    /** {@link #BASE_ADDRESS}: the TIS window sits where the profile puts it. */
    @Override
    public long baseAddress() {
        return BASE_ADDRESS;
    }

    /** {@link #SIZE}. */
    @Override
    public int size() {
        return SIZE;
    }

    /** The size of the FIFO's buffer: the largest command or response in bytes. */
    public int bufferSize() {
        return fifo.bufferSize();
    }

    /** The active locality, or -1. */
    @Override
    public int activeLocality() {
        synchronized (lock) {
            return arbiter.active();
        }
    }

    /** The state of the command/response cycle (for this package's tests; a guest reads it in TPM_STS). */
    FifoState state() {
        synchronized (lock) {
            return fifo.state();
        }
    }

    /** Whether the interrupt line is asserted now. */
    @Override
    public boolean interruptAsserted() {
        synchronized (lock) {
            return interrupts.asserted();
        }
    }

    /** Re-reads tpmEstablishment from the backend (after a host-driven H-CRTM sequence). */
    @Override
    public void refreshEstablished() {
        established.refresh();
    }

    /**
     * A platform reset of the interface: no locality active, no transaction (a command still
     * executing is cancelled and its response dropped), interrupts off and the line released,
     * IntfSelLock and selfTestDone cleared. The TPM's own _TPM_Init ({@link TpmBackend#init()})
     * is the VMM's to send, in the order its reset sequence wants.
     */
    @Override
    public void reset() {
        boolean cancel;
        synchronized (lock) {
            cancel = runner.abandonLocked();
            fifo.reset();
            arbiter.reset();
            interrupts.reset();
            interfaceLocked = false;
        }
        if (cancel) {
            runner.cancelBackend();
        }
        refreshEstablished();
    }

    /** Stops the device's own command thread (if it made one); the backend stays open. */
    @Override
    public void close() {
        runner.close();
    }

    // ---------------------------------------------------------------- reads

    /** Reads {@code size} bytes at {@code offset} in the window; all ones when invalid. */
    @Override
    public long read(long offset, int size) {
        if (platformOnly(offset, size)) {
            debugPlatformOnly("read", offset, size);
            return allOnes(size);
        }
        if (size == 8 && (offset & 7) == 0 && offset >= 0 && offset + 8 <= SIZE) {
            long low = readDword((int) offset, 4);
            long high = readDword((int) offset + 4, 4);
            return low | (high << 32);
        }
        if (!valid(offset, size)) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("TIS read of {} bytes at 0x{} ignored: invalid access", size, Long.toHexString(offset));
            }
            return allOnes(size);
        }
        return readDword((int) offset, size);
    }

    private long readDword(int offset, int size) {
        int locality = offset >>> 12;
        int reg = offset & 0xFFF;
        int shift = (reg & 3) * 8;
        long mask = allOnes(size);
        int value;
        TisRegister register = TisRegister.inDword(reg);
        if (register == null) {
            return allOnes(size);
        }
        synchronized (lock) {
            value = switch (register) {
                case ACCESS -> access(locality);
                case INT_ENABLE -> interrupts.enable(locality);
                case INT_VECTOR -> interruptVector;
                case INT_STATUS -> interrupts.status(locality);
                case INTF_CAPABILITY -> IntfCapability.VALUE;
                case STS -> arbiter.active() == locality ? status(size) : 0xFFFF_FFFF;
                // the FIFO's bytes come out in order whatever the byte lane: place them where
                // the lane shift below expects them
                case DATA_FIFO, XDATA_FIFO -> (int) (readFifo(locality, size) << shift);
                case INTERFACE_ID -> InterfaceId.VALUE | (interfaceLocked ? InterfaceId.INTF_SEL_LOCK : 0);
                case DID_VID -> DID_VID;
                case RID -> RID;
            };
        }
        return ((value & 0xFFFF_FFFFL) >>> shift) & mask;
    }

    /** TPM_ACCESS_x as {@code locality} reads it. */
    private int access(int locality) {
        return Access.TPM_REG_VALID_STS
                | (established.established() ? 0 : Access.TPM_ESTABLISHMENT)
                | (arbiter.isActive(locality) ? Access.ACTIVE_LOCALITY : 0)
                | (arbiter.beenSeized(locality) ? Access.BEEN_SEIZED : 0)
                | (arbiter.isRequesting(locality) ? Access.REQUEST_USE : 0)
                | (arbiter.otherRequesting(locality) ? Access.PENDING_REQUEST : 0);
    }

    private int status(int accessSize) {
        int burst = fifo.burstCount();
        if (accessSize == 1 && burst > 0xFF) {
            burst = 0xFF;   // a byte-wide reader of burstCount never sees 0 for 256 and more
        }
        return Sts.TPM_FAMILY_2_0 | (burst << Sts.BURST_COUNT_SHIFT) | fifo.statusFlags();
    }

    private long readFifo(int locality, int size) {
        if (arbiter.active() != locality) {
            return allOnes(size);
        }
        long value = 0;
        boolean hadData = fifo.dataAvailable();
        for (int i = 0; i < size; i++) {
            value |= (long) fifo.readByte() << (8 * i);
        }
        if (hadData && !fifo.dataAvailable()) {
            interrupts.raise(locality, Interrupts.STS_VALID);
        }
        return value;
    }

    // ---------------------------------------------------------------- writes

    /** Writes the low {@code size} bytes of {@code value} at {@code offset}; ignored when invalid. */
    @Override
    public void write(long offset, int size, long value) {
        if (platformOnly(offset, size)) {
            debugPlatformOnly("write", offset, size);
            return;
        }
        if (size == 8 && (offset & 7) == 0 && offset >= 0 && offset + 8 <= SIZE) {
            write(offset, 4, value & 0xFFFF_FFFFL);
            write(offset + 4, 4, value >>> 32);
            return;
        }
        if (!writable(offset, size)) {
            return;
        }
        int locality = (int) (offset >>> 12);
        int reg = (int) offset & 0xFFF;
        TisRegister register = TisRegister.inDword(reg);
        if (register == null) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("TIS write of 0x{} at 0x{} ignored: nothing there", Long.toHexString(value), Long.toHexString(offset));
            }
            return;
        }
        int shift = (reg & 3) * 8;
        long sizeMask = allOnes(size);
        writeRegister(register, locality, size, value, (int) ((value & sizeMask) << shift), (int) (sizeMask << shift));
    }

    private boolean writable(long offset, int size) {
        if (!valid(offset, size)) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("TIS write of {} bytes at 0x{} ignored: invalid access", size, Long.toHexString(offset));
            }
            return false;
        }
        return true;
    }

    private static void debugPlatformOnly(String what, long offset, int size) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("TIS {} of {} bytes at 0x{} aborted: locality 4 is the platform's", what, size, Long.toHexString(offset));
        }
    }

    /** {@code v}: the value shifted into the register's dword, {@code bytes}: the dword's bytes written. */
    private void writeRegister(TisRegister register, int locality, int size, long value, int v, int bytes) {
        switch (register) {
            case ACCESS -> {
                if ((bytes & 0xFF) != 0) {
                    writeAccess(locality, v & 0xFF);
                }
            }
            case INT_ENABLE -> writeIntEnable(locality, v, bytes);
            case INT_STATUS -> writeIntStatus(locality, v);
            case STS -> writeSts(locality, v);
            case DATA_FIFO, XDATA_FIFO -> writeFifo(locality, size, value);
            case INTERFACE_ID -> writeInterfaceId(v);
            case INT_VECTOR, INTF_CAPABILITY, DID_VID, RID -> {
                if (LOG.isDebugEnabled()) {
                    LOG.debug("TIS write of 0x{} to read-only {} ignored", Long.toHexString(value), register);
                }
            }
        }
    }

    private void writeIntEnable(int locality, int value, int bytes) {
        synchronized (lock) {
            if (arbiter.active() == locality) {
                interrupts.writeEnable(locality, value, bytes);
            }
        }
    }

    /** Always allowed on the locality's own page: a level-triggered line must not stay stuck when it is given up. */
    private void writeIntStatus(int locality, int value) {
        synchronized (lock) {
            interrupts.clearStatus(locality, value & Interrupts.ALL_SOURCES);
        }
    }

    /** intfSelLock, once set, stays set until reset. */
    private void writeInterfaceId(int value) {
        if ((value & InterfaceId.INTF_SEL_LOCK) != 0) {
            synchronized (lock) {
                interfaceLocked = true;
            }
        }
    }

    private void writeAccess(int locality, int value) {
        boolean cancel = false;
        synchronized (lock) {
            int before = arbiter.active();
            arbitrate(locality, value);
            int after = arbiter.active();
            if (after != before) {
                FifoState state = fifo.state();
                boolean keep = state == FifoState.IDLE
                        || (after == LocalityArbiter.NONE ? state == FifoState.READY : fifo.owner() == after && state == FifoState.READY);
                if (!keep) {
                    cancel = runner.abandonLocked();
                    fifo.abandon();
                }
                if (after != LocalityArbiter.NONE) {
                    interrupts.raise(after, Interrupts.LOCALITY_CHANGE);
                }
            }
        }
        if (cancel) {
            runner.cancelBackend();
        }
    }

    /**
     * A write of {@code value} to TPM_ACCESS_x by {@code locality}: seize wins over the other
     * bits written with it; activeLocality relinquishes (by the active locality, handing the TPM
     * to the highest one waiting; by another, withdrawing its request); requestUse asks for it.
     */
    private void arbitrate(int locality, int value) {
        if ((value & Access.BEEN_SEIZED) != 0) {
            arbiter.clearBeenSeized(locality);
        }
        if ((value & Access.SEIZE) != 0) {
            arbiter.seize(locality);
            return;
        }
        if ((value & Access.ACTIVE_LOCALITY) != 0) {
            arbiter.relinquish(locality);
        }
        if ((value & Access.REQUEST_USE) != 0) {
            arbiter.request(locality);
        }
    }

    private void writeSts(int locality, int value) {
        boolean cancel = false;
        boolean resetEstablishment = false;
        CommandRunner.Command command = null;
        synchronized (lock) {
            if (arbiter.active() != locality) {
                return;
            }
            FifoState state = fifo.state();
            if ((value & Sts.COMMAND_CANCEL) != 0 && state == FifoState.EXECUTION) {
                cancel = runner.cancelLocked();
            }
            if ((value & Sts.RESET_ESTABLISHMENT_BIT) != 0 && EstablishmentFlag.mayReset(locality)) {
                resetEstablishment = true;
            }
            switch (value & (Sts.COMMAND_READY | Sts.TPM_GO | Sts.RESPONSE_RETRY)) {
                case Sts.COMMAND_READY -> {
                    if (state != FifoState.READY) {
                        cancel |= runner.abandonLocked();
                        fifo.makeReady(locality);
                        interrupts.raise(locality, Interrupts.COMMAND_READY);
                    }
                }
                case Sts.TPM_GO -> {
                    byte[] bytes = fifo.go();
                    if (bytes != null) {
                        command = runner.startLocked(locality, bytes);
                        runningTransaction = fifo.transaction();
                    }
                }
                case Sts.RESPONSE_RETRY -> {
                    boolean had = fifo.dataAvailable();
                    fifo.retryResponse();
                    if (!had && fifo.dataAvailable()) {
                        interrupts.raise(locality, Interrupts.DATA_AVAIL | Interrupts.STS_VALID);
                    }
                }
                default -> { }   // none, or more than one at once: undefined, ignored
            }
        }
        if (cancel) {
            runner.cancelBackend();
        }
        if (resetEstablishment) {
            established.resetBy(locality);
        }
        if (command != null) {
            runner.run(command);
        }
    }

    private void writeFifo(int locality, int size, long value) {
        synchronized (lock) {
            if (arbiter.active() != locality) {
                return;
            }
            boolean settled = false;
            for (int i = 0; i < size; i++) {
                settled |= fifo.writeByte((int) (value >>> (8 * i)) & 0xFF);
            }
            if (settled) {
                interrupts.raise(locality, Interrupts.STS_VALID);
            }
        }
    }

    // ---------------------------------------------------------------- execution

    /** The runner's word on a command (lock held): the response goes to the FIFO, a failure as TPM_RC_FAILURE. */
    private void completed(CommandRunner.Command command, CommandRunner.Outcome outcome) {
        if (outcome instanceof CommandRunner.Dropped) {
            return;
        }
        byte[] response = outcome instanceof CommandRunner.Response r ? r.bytes() : FAILURE_RESPONSE;
        byte[] sent = command.bytes();
        boolean selfTestDone = TpmWire.commandCode(sent) == TpmCc.SELF_TEST.value()
                && TpmWire.responseCode(response) == TpmRc.SUCCESS.value();
        if (fifo.complete(runningTransaction, response, selfTestDone)) {
            interrupts.raise(command.locality(), Interrupts.DATA_AVAIL | Interrupts.STS_VALID);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static boolean valid(long offset, int size) {
        return (size == 1 || size == 2 || size == 4)
                && offset >= 0 && offset < SIZE
                && ((offset & 3) + size) <= 4;
    }
}
