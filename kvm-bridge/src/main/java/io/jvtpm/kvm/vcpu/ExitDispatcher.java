package io.jvtpm.kvm.vcpu;

import static io.jvtpm.kvm.sys.KvmLayout.RUN_MMIO_DATA;

import io.jvtpm.kvm.bus.MmioBus;
import io.jvtpm.kvm.bus.PioBus;
import io.jvtpm.kvm.exit.ExitDecoder;
import io.jvtpm.kvm.exit.IoDirection;
import io.jvtpm.kvm.exit.IoExit;
import io.jvtpm.kvm.exit.MmioExit;
import io.jvtpm.kvm.exit.VmExit;
import java.nio.ByteBuffer;

/**
 * Completes I/O exits against the buses (linux/kvm.h KVM_EXIT_IO and KVM_EXIT_MMIO semantics): port writes
 * take their items from the kvm_run data area, port reads and MMIO reads leave their values in kvm_run for
 * KVM to hand to the guest at the next KVM_RUN.
 */
public final class ExitDispatcher {
    private final MmioBus mmio;
    private final PioBus pio;
    private final CoalescedMmioRing ring;

    /** Dispatches to {@code mmio} and {@code pio}. */
    public ExitDispatcher(MmioBus mmio, PioBus pio) {
        this(mmio, pio, null);
    }

    /**
     * Dispatches to {@code mmio} and {@code pio}, first handing {@code mmio} the writes waiting in
     * {@code ring} (null: none is used).
     */
    public ExitDispatcher(MmioBus mmio, PioBus pio, CoalescedMmioRing ring) {
        this.mmio = mmio;
        this.pio = pio;
        this.ring = ring;
    }

    /** Decodes the exit in {@code run}, completes it when it is port I/O or MMIO, and returns it. */
    public VmExit dispatch(ByteBuffer run) {
        VmExit exit = ExitDecoder.decode(run);
        complete(run, exit);
        return exit;
    }

    /**
     * Completes an already decoded exit when it is port I/O or MMIO (after the coalesced writes
     * that came before it); other exits are left alone.
     */
    public void complete(ByteBuffer run, VmExit exit) {
        if (ring != null) {
            ring.drain(mmio);
        }
        if (exit instanceof MmioExit m) {
            mmio(run, m);
        } else if (exit instanceof IoExit io) {
            io(run, io);
        }
    }

    /** Completes an MMIO exit. */
    public void mmio(ByteBuffer run, MmioExit m) {
        if (m.write()) {
            mmio.write(m.address(), m.length(), m.data());
        } else {
            run.putLong(RUN_MMIO_DATA, mmio.read(m.address(), m.length()));
        }
    }

    /** Completes a port-I/O exit, item by item for the REP forms. */
    public void io(ByteBuffer run, IoExit io) {
        int size = io.size();
        int at = (int) io.dataOffset();
        for (int i = 0; i < io.count(); i++, at += size) {
            if (io.direction() == IoDirection.OUT) {
                long v = switch (size) {
                    case 1 -> run.get(at) & 0xffL;
                    case 2 -> run.getShort(at) & 0xffffL;
                    default -> run.getInt(at) & 0xffffffffL;
                };
                pio.write(io.port(), size, v);
            } else {
                long v = pio.read(io.port(), size);
                switch (size) {
                    case 1 -> run.put(at, (byte) v);
                    case 2 -> run.putShort(at, (short) v);
                    default -> run.putInt(at, (int) v);
                }
            }
        }
    }
}
