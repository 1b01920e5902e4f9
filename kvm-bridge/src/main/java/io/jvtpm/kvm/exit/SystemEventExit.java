package io.jvtpm.kvm.exit;

import java.util.List;

/** KVM_EXIT_SYSTEM_EVENT (linux/kvm.h, kvm_run.system_event): raw type code and its data words. */
public record SystemEventExit(int typeCode, List<Long> data) implements VmExit {
    /** Copies the data list. */
    public SystemEventExit {
        data = List.copyOf(data);
    }

    /** The event type. */
    public SystemEventType type() {
        return SystemEventType.of(typeCode);
    }
}
