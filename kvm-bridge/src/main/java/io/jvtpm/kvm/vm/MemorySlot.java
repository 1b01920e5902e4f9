package io.jvtpm.kvm.vm;

import io.jvtpm.kvm.mem.GuestMemory;

/**
 * A memory slot installed with KVM_SET_USER_MEMORY_REGION (linux/kvm.h): slot number, address space (0 =
 * normal, 1 = SMM when KVM_CAP_MULTI_ADDRESS_SPACE &gt; 1), guest-physical base, the memory behind it, flags.
 */
public record MemorySlot(int slot, int addressSpace, long guestPhysAddr, GuestMemory memory, int flags) {
    /** KVM_MEM_LOG_DIRTY_PAGES. */
    public static final int LOG_DIRTY_PAGES = 1;
    /** KVM_MEM_READONLY. */
    public static final int READONLY = 2;

    /** The value of kvm_userspace_memory_region.slot: address space id in bits 16 and up. */
    public int encodedSlot() {
        return (addressSpace << 16) | slot;
    }
}
