package io.jvtpm.kvm.exit;

/**
 * KVM_EXIT_MMIO (linux/kvm.h): a {@code length}-byte (1 to 8) access at guest-physical {@code address};
 * for a write, {@code data} holds the bytes written (little-endian, zero above {@code length}).
 */
public record MmioExit(long address, int length, boolean write, long data) implements VmExit {
}
