package io.jvtpm.kvm.bus;

/**
 * A device's read side on a bus: answers a {@code size}-byte read (1, 2, 4 or 8) at {@code offset} from the
 * start of its region (KVM_EXIT_MMIO / KVM_EXIT_IO, linux/kvm.h). Bits above {@code size} bytes are ignored.
 */
@FunctionalInterface
public interface BusReader {
    /** The value read. */
    long read(long offset, int size);
}
