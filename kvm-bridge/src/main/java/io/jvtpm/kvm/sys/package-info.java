/** The raw binding: libc through JNA direct mapping (jnr-ffi for KVM_RUN), ioctl numbers (asm-generic/ioctl.h) and struct layouts of linux/kvm.h. */
package io.jvtpm.kvm.sys;
