package io.jvtpm.kvm.exit;

/**
 * KVM_EXIT_IO (linux/kvm.h): {@code count} accesses of {@code size} bytes (1, 2 or 4) to {@code port};
 * the data lives in the kvm_run mapping at {@code dataOffset}, one {@code size}-byte item per access
 * (count &gt; 1 for the REP string instructions).
 */
public record IoExit(IoDirection direction, int size, int port, int count, long dataOffset) implements VmExit {
}
