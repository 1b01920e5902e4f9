package io.jvtpm.kvm.sys;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Byte layouts of the linux/kvm.h (x86-64) structures the bridge reads and writes, plus the glibc
 * {@code struct sigaction} used for the vCPU kick signal. {@link #table()} names each constant by
 * the C expression it must equal, so a test can check them all against the kernel headers.
 */
public final class KvmLayout {
    // struct kvm_run (the mmap'd page of a vCPU)
    /** offsetof(kvm_run, request_interrupt_window). */
    public static final int RUN_REQUEST_INTERRUPT_WINDOW = 0;
    /** offsetof(kvm_run, immediate_exit). */
    public static final int RUN_IMMEDIATE_EXIT = 1;
    /** offsetof(kvm_run, exit_reason). */
    public static final int RUN_EXIT_REASON = 8;
    /** offsetof(kvm_run, ready_for_interrupt_injection). */
    public static final int RUN_READY_FOR_INTERRUPT_INJECTION = 12;
    /** offsetof(kvm_run, if_flag). */
    public static final int RUN_IF_FLAG = 13;
    /** offsetof(kvm_run, flags). */
    public static final int RUN_FLAGS = 14;
    /** offsetof(kvm_run, cr8). */
    public static final int RUN_CR8 = 16;
    /** offsetof(kvm_run, apic_base). */
    public static final int RUN_APIC_BASE = 24;
    /** offsetof(kvm_run, io.direction). */
    public static final int RUN_IO_DIRECTION = 32;
    /** offsetof(kvm_run, io.size). */
    public static final int RUN_IO_SIZE = 33;
    /** offsetof(kvm_run, io.port). */
    public static final int RUN_IO_PORT = 34;
    /** offsetof(kvm_run, io.count). */
    public static final int RUN_IO_COUNT = 36;
    /** offsetof(kvm_run, io.data_offset). */
    public static final int RUN_IO_DATA_OFFSET = 40;
    /** offsetof(kvm_run, mmio.phys_addr). */
    public static final int RUN_MMIO_PHYS_ADDR = 32;
    /** offsetof(kvm_run, mmio.data). */
    public static final int RUN_MMIO_DATA = 40;
    /** offsetof(kvm_run, mmio.len). */
    public static final int RUN_MMIO_LEN = 48;
    /** offsetof(kvm_run, mmio.is_write). */
    public static final int RUN_MMIO_IS_WRITE = 52;
    /** offsetof(kvm_run, fail_entry.hardware_entry_failure_reason). */
    public static final int RUN_FAIL_ENTRY_REASON = 32;
    /** offsetof(kvm_run, fail_entry.cpu). */
    public static final int RUN_FAIL_ENTRY_CPU = 40;
    /** offsetof(kvm_run, internal.suberror). */
    public static final int RUN_INTERNAL_SUBERROR = 32;
    /** offsetof(kvm_run, internal.ndata). */
    public static final int RUN_INTERNAL_NDATA = 36;
    /** offsetof(kvm_run, internal.data). */
    public static final int RUN_INTERNAL_DATA = 40;
    /** Number of u64 in kvm_run.internal.data. */
    public static final int RUN_INTERNAL_DATA_MAX = 16;
    /** offsetof(kvm_run, system_event.type). */
    public static final int RUN_SYSTEM_EVENT_TYPE = 32;
    /** offsetof(kvm_run, system_event.ndata). */
    public static final int RUN_SYSTEM_EVENT_NDATA = 36;
    /** offsetof(kvm_run, system_event.data). */
    public static final int RUN_SYSTEM_EVENT_DATA = 40;
    /** Number of u64 in kvm_run.system_event.data. */
    public static final int RUN_SYSTEM_EVENT_DATA_MAX = 16;
    /** offsetof(kvm_run, kvm_valid_regs): the end of the exit union. */
    public static final int RUN_VALID_REGS = 288;
    /** sizeof(struct kvm_run). */
    public static final int RUN_SIZE = 2352;

    // struct kvm_regs
    /** sizeof(struct kvm_regs): 18 u64 (rax..r15, rip, rflags). */
    public static final int REGS_SIZE = 144;
    /** offsetof(kvm_regs, rip). */
    public static final int REGS_RIP = 128;
    /** offsetof(kvm_regs, rflags). */
    public static final int REGS_RFLAGS = 136;

    // struct kvm_segment / kvm_dtable / kvm_sregs
    /** sizeof(struct kvm_segment). */
    public static final int SEGMENT_SIZE = 24;
    /** offsetof(kvm_segment, limit). */
    public static final int SEGMENT_LIMIT = 8;
    /** offsetof(kvm_segment, selector). */
    public static final int SEGMENT_SELECTOR = 12;
    /** offsetof(kvm_segment, type). */
    public static final int SEGMENT_TYPE = 14;
    /** offsetof(kvm_segment, present). */
    public static final int SEGMENT_PRESENT = 15;
    /** offsetof(kvm_segment, dpl). */
    public static final int SEGMENT_DPL = 16;
    /** offsetof(kvm_segment, db). */
    public static final int SEGMENT_DB = 17;
    /** offsetof(kvm_segment, s). */
    public static final int SEGMENT_S = 18;
    /** offsetof(kvm_segment, l). */
    public static final int SEGMENT_L = 19;
    /** offsetof(kvm_segment, g). */
    public static final int SEGMENT_G = 20;
    /** offsetof(kvm_segment, avl). */
    public static final int SEGMENT_AVL = 21;
    /** offsetof(kvm_segment, unusable). */
    public static final int SEGMENT_UNUSABLE = 22;
    /** sizeof(struct kvm_dtable). */
    public static final int DTABLE_SIZE = 16;
    /** offsetof(kvm_dtable, limit). */
    public static final int DTABLE_LIMIT = 8;
    /** sizeof(struct kvm_sregs). */
    public static final int SREGS_SIZE = 312;
    /** offsetof(kvm_sregs, cs); the eight segments cs, ds, es, fs, gs, ss, tr, ldt follow each other. */
    public static final int SREGS_CS = 0;
    /** offsetof(kvm_sregs, gdt). */
    public static final int SREGS_GDT = 192;
    /** offsetof(kvm_sregs, idt). */
    public static final int SREGS_IDT = 208;
    /** offsetof(kvm_sregs, cr0); cr0, cr2, cr3, cr4, cr8, efer, apic_base follow as u64. */
    public static final int SREGS_CR0 = 224;
    /** offsetof(kvm_sregs, efer). */
    public static final int SREGS_EFER = 264;
    /** offsetof(kvm_sregs, apic_base). */
    public static final int SREGS_APIC_BASE = 272;
    /** offsetof(kvm_sregs, interrupt_bitmap): 4 u64. */
    public static final int SREGS_INTERRUPT_BITMAP = 280;

    // struct kvm_userspace_memory_region
    /** sizeof(struct kvm_userspace_memory_region). */
    public static final int USERSPACE_MEMORY_REGION_SIZE = 32;
    /** offsetof(kvm_userspace_memory_region, flags). */
    public static final int UMR_FLAGS = 4;
    /** offsetof(kvm_userspace_memory_region, guest_phys_addr). */
    public static final int UMR_GUEST_PHYS_ADDR = 8;
    /** offsetof(kvm_userspace_memory_region, memory_size). */
    public static final int UMR_MEMORY_SIZE = 16;
    /** offsetof(kvm_userspace_memory_region, userspace_addr). */
    public static final int UMR_USERSPACE_ADDR = 24;

    // struct kvm_cpuid2 / kvm_cpuid_entry2
    /** sizeof(struct kvm_cpuid2) without its flexible array. */
    public static final int CPUID2_SIZE = 8;
    /** offsetof(kvm_cpuid2, entries). */
    public static final int CPUID2_ENTRIES = 8;
    /** sizeof(struct kvm_cpuid_entry2). */
    public static final int CPUID_ENTRY2_SIZE = 40;
    /** offsetof(kvm_cpuid_entry2, index). */
    public static final int CPUID_ENTRY2_INDEX = 4;
    /** offsetof(kvm_cpuid_entry2, flags). */
    public static final int CPUID_ENTRY2_FLAGS = 8;
    /** offsetof(kvm_cpuid_entry2, eax); ebx, ecx, edx follow as u32. */
    public static final int CPUID_ENTRY2_EAX = 12;
    /** offsetof(kvm_cpuid_entry2, edx). */
    public static final int CPUID_ENTRY2_EDX = 24;

    // struct kvm_msrs / kvm_msr_entry / kvm_msr_list
    /** sizeof(struct kvm_msrs) without its flexible array. */
    public static final int MSRS_SIZE = 8;
    /** offsetof(kvm_msrs, entries). */
    public static final int MSRS_ENTRIES = 8;
    /** sizeof(struct kvm_msr_entry). */
    public static final int MSR_ENTRY_SIZE = 16;
    /** offsetof(kvm_msr_entry, data). */
    public static final int MSR_ENTRY_DATA = 8;
    /** sizeof(struct kvm_msr_list) without its flexible array (u32 nmsrs). */
    public static final int MSR_LIST_SIZE = 4;

    // struct kvm_translation
    /** sizeof(struct kvm_translation). */
    public static final int TRANSLATION_SIZE = 24;
    /** offsetof(kvm_translation, linear_address). */
    public static final int TRANSLATION_LINEAR = 0;
    /** offsetof(kvm_translation, physical_address). */
    public static final int TRANSLATION_PHYSICAL = 8;
    /** offsetof(kvm_translation, valid); writeable and usermode follow as u8. */
    public static final int TRANSLATION_VALID = 16;

    // struct kvm_vcpu_events
    /** sizeof(struct kvm_vcpu_events). */
    public static final int VCPU_EVENTS_SIZE = 64;
    /** offsetof(kvm_vcpu_events, exception.injected); nr, has_error_code, pending follow as u8. */
    public static final int EVENTS_EXCEPTION_INJECTED = 0;
    /** offsetof(kvm_vcpu_events, exception.error_code). */
    public static final int EVENTS_EXCEPTION_ERROR_CODE = 4;
    /** offsetof(kvm_vcpu_events, interrupt.injected); nr, soft, shadow follow as u8. */
    public static final int EVENTS_INTERRUPT_INJECTED = 8;
    /** offsetof(kvm_vcpu_events, nmi.injected); pending, masked follow as u8. */
    public static final int EVENTS_NMI_INJECTED = 12;
    /** offsetof(kvm_vcpu_events, sipi_vector). */
    public static final int EVENTS_SIPI_VECTOR = 16;
    /** offsetof(kvm_vcpu_events, flags). */
    public static final int EVENTS_FLAGS = 20;
    /** offsetof(kvm_vcpu_events, smi.smm); pending, smm_inside_nmi, latched_init follow as u8. */
    public static final int EVENTS_SMI_SMM = 24;
    /** offsetof(kvm_vcpu_events, triple_fault). */
    public static final int EVENTS_TRIPLE_FAULT = 28;
    /** offsetof(kvm_vcpu_events, exception_has_payload). */
    public static final int EVENTS_EXCEPTION_HAS_PAYLOAD = 55;
    /** offsetof(kvm_vcpu_events, exception_payload). */
    public static final int EVENTS_EXCEPTION_PAYLOAD = 56;

    // small argument structures
    /** sizeof(struct kvm_irq_level): u32 irq, u32 level. */
    public static final int IRQ_LEVEL_SIZE = 8;
    /** sizeof(struct kvm_coalesced_mmio_zone): u64 addr, u32 size, u32 pio. */
    public static final int COALESCED_MMIO_ZONE_SIZE = 16;
    /** offsetof(kvm_coalesced_mmio_ring, coalesced_mmio); u32 first and u32 last precede it. */
    public static final int COALESCED_RING_ENTRIES = 8;
    /** sizeof(struct kvm_coalesced_mmio): u64 phys_addr, u32 len, u32 pio, u8 data[8]. */
    public static final int COALESCED_MMIO_SIZE = 24;
    /** offsetof(kvm_coalesced_mmio, len). */
    public static final int COALESCED_MMIO_LEN = 8;
    /** offsetof(kvm_coalesced_mmio, pio). */
    public static final int COALESCED_MMIO_PIO = 12;
    /** offsetof(kvm_coalesced_mmio, data). */
    public static final int COALESCED_MMIO_DATA = 16;
    /** sizeof(struct kvm_pit_config): u32 flags, u32 pad[15]. */
    public static final int PIT_CONFIG_SIZE = 64;

    // struct kvm_fpu
    /** sizeof(struct kvm_fpu). */
    public static final int FPU_SIZE = 416;
    /** offsetof(kvm_fpu, fcw); fpr[8][16] precedes it. */
    public static final int FPU_FCW = 128;
    /** offsetof(kvm_fpu, fsw). */
    public static final int FPU_FSW = 130;
    /** offsetof(kvm_fpu, ftwx). */
    public static final int FPU_FTWX = 132;
    /** offsetof(kvm_fpu, last_opcode). */
    public static final int FPU_LAST_OPCODE = 134;
    /** offsetof(kvm_fpu, last_ip). */
    public static final int FPU_LAST_IP = 136;
    /** offsetof(kvm_fpu, last_dp). */
    public static final int FPU_LAST_DP = 144;
    /** offsetof(kvm_fpu, xmm): 16 registers of 16 bytes. */
    public static final int FPU_XMM = 152;
    /** offsetof(kvm_fpu, mxcsr). */
    public static final int FPU_MXCSR = 408;

    // glibc struct sigaction (x86-64) and sigset_t
    /** sizeof(struct sigaction). */
    public static final int SIGACTION_SIZE = 152;
    /** offsetof(sigaction, sa_mask). */
    public static final int SIGACTION_MASK = 8;
    /** offsetof(sigaction, sa_flags). */
    public static final int SIGACTION_FLAGS = 136;
    /** sizeof(sigset_t). */
    public static final int SIGSET_SIZE = 128;

    private KvmLayout() {
    }

    /** Every layout constant keyed by the C expression (with linux/kvm.h and signal.h) it must equal. */
    public static Map<String, Long> table() {
        Map<String, Long> t = new LinkedHashMap<>();
        run(t, "request_interrupt_window", RUN_REQUEST_INTERRUPT_WINDOW);
        run(t, "immediate_exit", RUN_IMMEDIATE_EXIT);
        run(t, "exit_reason", RUN_EXIT_REASON);
        run(t, "ready_for_interrupt_injection", RUN_READY_FOR_INTERRUPT_INJECTION);
        run(t, "if_flag", RUN_IF_FLAG);
        run(t, "flags", RUN_FLAGS);
        run(t, "cr8", RUN_CR8);
        run(t, "apic_base", RUN_APIC_BASE);
        run(t, "io.direction", RUN_IO_DIRECTION);
        run(t, "io.size", RUN_IO_SIZE);
        run(t, "io.port", RUN_IO_PORT);
        run(t, "io.count", RUN_IO_COUNT);
        run(t, "io.data_offset", RUN_IO_DATA_OFFSET);
        run(t, "mmio.phys_addr", RUN_MMIO_PHYS_ADDR);
        run(t, "mmio.data", RUN_MMIO_DATA);
        run(t, "mmio.len", RUN_MMIO_LEN);
        run(t, "mmio.is_write", RUN_MMIO_IS_WRITE);
        run(t, "fail_entry.hardware_entry_failure_reason", RUN_FAIL_ENTRY_REASON);
        run(t, "fail_entry.cpu", RUN_FAIL_ENTRY_CPU);
        run(t, "internal.suberror", RUN_INTERNAL_SUBERROR);
        run(t, "internal.ndata", RUN_INTERNAL_NDATA);
        run(t, "internal.data", RUN_INTERNAL_DATA);
        run(t, "system_event.type", RUN_SYSTEM_EVENT_TYPE);
        run(t, "system_event.ndata", RUN_SYSTEM_EVENT_NDATA);
        run(t, "system_event.data", RUN_SYSTEM_EVENT_DATA);
        run(t, "kvm_valid_regs", RUN_VALID_REGS);
        t.put("sizeof(((struct kvm_run*)0)->internal.data)/8", (long) RUN_INTERNAL_DATA_MAX);
        t.put("sizeof(((struct kvm_run*)0)->system_event.data)/8", (long) RUN_SYSTEM_EVENT_DATA_MAX);
        size(t, "kvm_run", RUN_SIZE);

        size(t, "kvm_regs", REGS_SIZE);
        off(t, "kvm_regs", "rip", REGS_RIP);
        off(t, "kvm_regs", "rflags", REGS_RFLAGS);
        off(t, "kvm_regs", "rax", 0);
        off(t, "kvm_regs", "r15", 120);

        size(t, "kvm_segment", SEGMENT_SIZE);
        off(t, "kvm_segment", "base", 0);
        off(t, "kvm_segment", "limit", SEGMENT_LIMIT);
        off(t, "kvm_segment", "selector", SEGMENT_SELECTOR);
        off(t, "kvm_segment", "type", SEGMENT_TYPE);
        off(t, "kvm_segment", "present", SEGMENT_PRESENT);
        off(t, "kvm_segment", "dpl", SEGMENT_DPL);
        off(t, "kvm_segment", "db", SEGMENT_DB);
        off(t, "kvm_segment", "s", SEGMENT_S);
        off(t, "kvm_segment", "l", SEGMENT_L);
        off(t, "kvm_segment", "g", SEGMENT_G);
        off(t, "kvm_segment", "avl", SEGMENT_AVL);
        off(t, "kvm_segment", "unusable", SEGMENT_UNUSABLE);
        size(t, "kvm_dtable", DTABLE_SIZE);
        off(t, "kvm_dtable", "limit", DTABLE_LIMIT);
        size(t, "kvm_sregs", SREGS_SIZE);
        String[] segs = {"cs", "ds", "es", "fs", "gs", "ss", "tr", "ldt"};
        for (int i = 0; i < segs.length; i++) {
            off(t, "kvm_sregs", segs[i], SREGS_CS + i * SEGMENT_SIZE);
        }
        off(t, "kvm_sregs", "gdt", SREGS_GDT);
        off(t, "kvm_sregs", "idt", SREGS_IDT);
        String[] crs = {"cr0", "cr2", "cr3", "cr4", "cr8", "efer", "apic_base"};
        for (int i = 0; i < crs.length; i++) {
            off(t, "kvm_sregs", crs[i], SREGS_CR0 + i * 8);
        }
        off(t, "kvm_sregs", "interrupt_bitmap", SREGS_INTERRUPT_BITMAP);

        size(t, "kvm_userspace_memory_region", USERSPACE_MEMORY_REGION_SIZE);
        off(t, "kvm_userspace_memory_region", "slot", 0);
        off(t, "kvm_userspace_memory_region", "flags", UMR_FLAGS);
        off(t, "kvm_userspace_memory_region", "guest_phys_addr", UMR_GUEST_PHYS_ADDR);
        off(t, "kvm_userspace_memory_region", "memory_size", UMR_MEMORY_SIZE);
        off(t, "kvm_userspace_memory_region", "userspace_addr", UMR_USERSPACE_ADDR);

        size(t, "kvm_cpuid2", CPUID2_SIZE);
        off(t, "kvm_cpuid2", "nent", 0);
        off(t, "kvm_cpuid2", "entries", CPUID2_ENTRIES);
        size(t, "kvm_cpuid_entry2", CPUID_ENTRY2_SIZE);
        off(t, "kvm_cpuid_entry2", "function", 0);
        off(t, "kvm_cpuid_entry2", "index", CPUID_ENTRY2_INDEX);
        off(t, "kvm_cpuid_entry2", "flags", CPUID_ENTRY2_FLAGS);
        off(t, "kvm_cpuid_entry2", "eax", CPUID_ENTRY2_EAX);
        off(t, "kvm_cpuid_entry2", "ebx", CPUID_ENTRY2_EAX + 4);
        off(t, "kvm_cpuid_entry2", "ecx", CPUID_ENTRY2_EAX + 8);
        off(t, "kvm_cpuid_entry2", "edx", CPUID_ENTRY2_EDX);

        size(t, "kvm_msrs", MSRS_SIZE);
        off(t, "kvm_msrs", "nmsrs", 0);
        off(t, "kvm_msrs", "entries", MSRS_ENTRIES);
        size(t, "kvm_msr_entry", MSR_ENTRY_SIZE);
        off(t, "kvm_msr_entry", "index", 0);
        off(t, "kvm_msr_entry", "data", MSR_ENTRY_DATA);
        size(t, "kvm_msr_list", MSR_LIST_SIZE);
        off(t, "kvm_msr_list", "indices", MSR_LIST_SIZE);

        size(t, "kvm_vcpu_events", VCPU_EVENTS_SIZE);
        off(t, "kvm_vcpu_events", "exception.injected", EVENTS_EXCEPTION_INJECTED);
        off(t, "kvm_vcpu_events", "exception.nr", EVENTS_EXCEPTION_INJECTED + 1);
        off(t, "kvm_vcpu_events", "exception.has_error_code", EVENTS_EXCEPTION_INJECTED + 2);
        off(t, "kvm_vcpu_events", "exception.pending", EVENTS_EXCEPTION_INJECTED + 3);
        off(t, "kvm_vcpu_events", "exception.error_code", EVENTS_EXCEPTION_ERROR_CODE);
        off(t, "kvm_vcpu_events", "interrupt.injected", EVENTS_INTERRUPT_INJECTED);
        off(t, "kvm_vcpu_events", "interrupt.nr", EVENTS_INTERRUPT_INJECTED + 1);
        off(t, "kvm_vcpu_events", "interrupt.soft", EVENTS_INTERRUPT_INJECTED + 2);
        off(t, "kvm_vcpu_events", "interrupt.shadow", EVENTS_INTERRUPT_INJECTED + 3);
        off(t, "kvm_vcpu_events", "nmi.injected", EVENTS_NMI_INJECTED);
        off(t, "kvm_vcpu_events", "nmi.pending", EVENTS_NMI_INJECTED + 1);
        off(t, "kvm_vcpu_events", "nmi.masked", EVENTS_NMI_INJECTED + 2);
        off(t, "kvm_vcpu_events", "sipi_vector", EVENTS_SIPI_VECTOR);
        off(t, "kvm_vcpu_events", "flags", EVENTS_FLAGS);
        off(t, "kvm_vcpu_events", "smi.smm", EVENTS_SMI_SMM);
        off(t, "kvm_vcpu_events", "smi.pending", EVENTS_SMI_SMM + 1);
        off(t, "kvm_vcpu_events", "smi.smm_inside_nmi", EVENTS_SMI_SMM + 2);
        off(t, "kvm_vcpu_events", "smi.latched_init", EVENTS_SMI_SMM + 3);
        off(t, "kvm_vcpu_events", "triple_fault", EVENTS_TRIPLE_FAULT);
        off(t, "kvm_vcpu_events", "exception_has_payload", EVENTS_EXCEPTION_HAS_PAYLOAD);
        off(t, "kvm_vcpu_events", "exception_payload", EVENTS_EXCEPTION_PAYLOAD);

        size(t, "kvm_irq_level", IRQ_LEVEL_SIZE);
        size(t, "kvm_coalesced_mmio_zone", COALESCED_MMIO_ZONE_SIZE);
        off(t, "kvm_coalesced_mmio_ring", "coalesced_mmio", COALESCED_RING_ENTRIES);
        size(t, "kvm_coalesced_mmio", COALESCED_MMIO_SIZE);
        off(t, "kvm_coalesced_mmio", "len", COALESCED_MMIO_LEN);
        off(t, "kvm_coalesced_mmio", "pio", COALESCED_MMIO_PIO);
        off(t, "kvm_coalesced_mmio", "data", COALESCED_MMIO_DATA);
        off(t, "kvm_irq_level", "irq", 0);
        off(t, "kvm_irq_level", "level", 4);
        size(t, "kvm_pit_config", PIT_CONFIG_SIZE);
        off(t, "kvm_pit_config", "flags", 0);

        size(t, "kvm_fpu", FPU_SIZE);
        off(t, "kvm_fpu", "fpr", 0);
        off(t, "kvm_fpu", "fcw", FPU_FCW);
        off(t, "kvm_fpu", "fsw", FPU_FSW);
        off(t, "kvm_fpu", "ftwx", FPU_FTWX);
        off(t, "kvm_fpu", "last_opcode", FPU_LAST_OPCODE);
        off(t, "kvm_fpu", "last_ip", FPU_LAST_IP);
        off(t, "kvm_fpu", "last_dp", FPU_LAST_DP);
        off(t, "kvm_fpu", "xmm", FPU_XMM);
        off(t, "kvm_fpu", "mxcsr", FPU_MXCSR);

        size(t, "sigaction", SIGACTION_SIZE);
        off(t, "sigaction", "sa_handler", 0);
        off(t, "sigaction", "sa_mask", SIGACTION_MASK);
        off(t, "sigaction", "sa_flags", SIGACTION_FLAGS);
        t.put("sizeof(sigset_t)", (long) SIGSET_SIZE);
        return t;
    }

    private static void run(Map<String, Long> t, String field, int value) {
        off(t, "kvm_run", field, value);
    }

    private static void off(Map<String, Long> t, String struct, String field, int value) {
        t.put("offsetof(struct " + struct + ", " + field + ")", (long) value);
    }

    private static void size(Map<String, Long> t, String struct, int value) {
        t.put("sizeof(struct " + struct + ")", (long) value);
    }
}
