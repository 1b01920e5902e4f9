package io.jvtpm.examples.boot.legacy;

/**
 * A device on the x86 port-I/O bus, addressed relative to its first port (the shape of
 * KVM_EXIT_IO accesses, linux/kvm.h). Reads of bits it does not drive return ones, as an
 * undriven ISA bus does; no guest access throws.
 */
public interface PortDevice {

    /** First port. */
    int basePort();

    /** Number of ports from {@link #basePort()}. */
    int portCount();

    long read(long offset, int size);

    void write(long offset, int size, long value);
}
