package io.jvtpm.kvm.smi;

import io.jvtpm.kvm.bus.PioBus;
import io.jvtpm.kvm.vcpu.Vcpu;
import io.jvtpm.kvm.vcpu.VcpuRunner;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Advanced Power Management ports (ACPI 6.x, FADT SMI_CMD; PC chipsets' APM_CNT 0xB2 and APM_STS 0xB3).
 * A byte written to the control port is an SMI command: it reaches the host {@link SmiHandler} on the writing
 * vCPU's thread before that vCPU resumes, so the guest's next instruction already sees the handler's effects.
 * The status port is a scratch byte the guest and the handler share; the handler's return value replaces it.
 */
public final class ApmPort {
    /** APM control (SMI command) port. */
    public static final int CONTROL_PORT = 0xB2;
    /** APM status port. */
    public static final int STATUS_PORT = 0xB3;

    /** The host side of an SMI command. */
    @FunctionalInterface
    public interface SmiHandler {
        /** Handles {@code command} (the byte written to 0xB2); returns the new status byte (0xB3). */
        int onSmi(int command, int status);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ApmPort.class);

    /**
     * A handler that raises a real SMI (KVM_SMI) on the writing vCPU, for guests that bring their own SMM handler
     * in SMRAM ({@link io.jvtpm.kvm.vm.Vm#mapSmm}); the status byte is left as the guest wrote it. Needs the
     * write to come from a {@link VcpuRunner} thread.
     */
    public static SmiHandler injectingSmi() {
        return (command, status) -> {
            Vcpu v = VcpuRunner.current();
            if (v == null) {
                LOG.warn("APM command 0x{} outside a vCPU thread; no SMI raised", Integer.toHexString(command));
            } else {
                v.smi();
            }
            return status;
        };
    }

    private final SmiHandler handler;
    private final AtomicInteger status = new AtomicInteger();
    private final AtomicInteger lastCommand = new AtomicInteger(-1);

    private ApmPort(SmiHandler handler) {
        this.handler = handler;
    }

    /** Registers 0xB2-0xB3 on {@code pio} for {@code handler}. */
    public static ApmPort register(PioBus pio, SmiHandler handler) {
        ApmPort apm = new ApmPort(handler);
        pio.register("apm", CONTROL_PORT, 2, apm::read, apm::write);
        return apm;
    }

    /** The status byte. */
    public int status() {
        return status.get();
    }

    /** The last command written, or -1. */
    public int lastCommand() {
        return lastCommand.get();
    }

    private long read(long offset, int size) {
        long v = 0;
        for (int i = 0; i < size; i++) {
            v |= (long) readByte(offset + i) << (8 * i);
        }
        return v;
    }

    private int readByte(long offset) {
        return offset == 0 ? Math.max(lastCommand.get(), 0) : status.get();
    }

    private void write(long offset, int size, long value) {
        // a word write sets the status byte first, then raises the command
        if (offset + size > 1) {
            status.set((int) (value >>> (8 * (1 - offset))) & 0xff);
        }
        if (offset == 0) {
            int command = (int) value & 0xff;
            lastCommand.set(command);
            status.set(handler.onSmi(command, status.get()) & 0xff);
        }
    }
}
