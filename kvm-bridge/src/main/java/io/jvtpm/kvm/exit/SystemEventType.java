package io.jvtpm.kvm.exit;

/** KVM_SYSTEM_EVENT_* values of kvm_run.system_event.type (linux/kvm.h). */
public enum SystemEventType {
    /** Not one of the known types. */
    OTHER(0),
    /** KVM_SYSTEM_EVENT_SHUTDOWN. */
    SHUTDOWN(1),
    /** KVM_SYSTEM_EVENT_RESET. */
    RESET(2),
    /** KVM_SYSTEM_EVENT_CRASH. */
    CRASH(3),
    /** KVM_SYSTEM_EVENT_WAKEUP. */
    WAKEUP(4),
    /** KVM_SYSTEM_EVENT_SUSPEND. */
    SUSPEND(5),
    /** KVM_SYSTEM_EVENT_SEV_TERM. */
    SEV_TERM(6);

    private final int code;

    SystemEventType(int code) {
        this.code = code;
    }

    /** The numeric type. */
    public int code() {
        return code;
    }

    /** The type for {@code code}, {@link #OTHER} when unknown. */
    public static SystemEventType of(int code) {
        for (SystemEventType t : values()) {
            if (t.code == code && t != OTHER) {
                return t;
            }
        }
        return OTHER;
    }
}
