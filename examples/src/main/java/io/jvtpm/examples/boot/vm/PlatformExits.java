package io.jvtpm.examples.boot.vm;

import io.jvtpm.examples.boot.legacy.PlatformEvents;
import io.jvtpm.examples.boot.legacy.ResetCause;
import io.jvtpm.kvm.exit.ShutdownExit;
import io.jvtpm.kvm.exit.SystemEventExit;
import io.jvtpm.kvm.exit.VmExit;
import io.jvtpm.kvm.exit.SystemEventType;

import java.util.function.Supplier;

/**
 * The vCPU exits that reset or power off the platform without a device (linux/kvm.h): a triple
 * fault (KVM_EXIT_SHUTDOWN) and KVM_EXIT_SYSTEM_EVENT's RESET and SHUTDOWN. They reach the same
 * {@link PlatformEvents} as the reset ports and the PM1 control block, so every cause of a reset
 * takes one path.
 */
public final class PlatformExits {

    /** The source a KVM system event reset is logged with. */
    public static final String KVM_RESET_SOURCE = "KVM_SYSTEM_EVENT_RESET";

    private PlatformExits() {
    }

    /**
     * Reports {@code exit} to {@code events} if it is a platform reset or power-off;
     * {@code tripleFaultState} describes the vCPU for the log.
     *
     * @return true when the exit was one of them (the vCPU stops), false for any other exit
     */
    public static boolean report(VmExit exit, PlatformEvents events, Supplier<String> tripleFaultState) {
        if (exit instanceof ShutdownExit) {
            events.reset(ResetCause.TRIPLE_FAULT, tripleFaultState.get());
            return true;
        }
        if (exit instanceof SystemEventExit se) {
            if (se.type() == SystemEventType.RESET) {
                events.reset(ResetCause.RESET_CONTROL_HARD, KVM_RESET_SOURCE);
                return true;
            }
            if (se.type() == SystemEventType.SHUTDOWN) {
                events.powerOff();
                return true;
            }
        }
        return false;
    }
}
