package io.jvtpm.examples.boot.layout;

/** One stretch of guest physical address space backed by host memory (one KVM memory slot, linux/kvm.h KVM_SET_USER_MEMORY_REGION). */
public record RamRegion(long guestAddress, long size) {

    public long end() {
        return guestAddress + size;
    }
}
