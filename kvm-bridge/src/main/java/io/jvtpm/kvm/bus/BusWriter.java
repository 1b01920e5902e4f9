package io.jvtpm.kvm.bus;

/**
 * A device's write side on a bus: takes a {@code size}-byte write (1, 2, 4 or 8) of {@code value} at
 * {@code offset} from the start of its region (KVM_EXIT_MMIO / KVM_EXIT_IO, linux/kvm.h).
 */
@FunctionalInterface
public interface BusWriter {
    /** Performs the write; {@code value} is zero above {@code size} bytes. */
    void write(long offset, int size, long value);
}
