/** Guest RAM for KVM memory slots (linux/kvm.h KVM_SET_USER_MEMORY_REGION): anonymous mappings with bounds-checked guest-physical access. */
package io.jvtpm.kvm.mem;
