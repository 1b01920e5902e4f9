package io.jvtpm.kvm.vcpu;

import io.jvtpm.kvm.exit.FailEntryExit;
import io.jvtpm.kvm.exit.HaltExit;
import io.jvtpm.kvm.exit.InternalErrorExit;
import io.jvtpm.kvm.exit.InterruptedExit;
import io.jvtpm.kvm.exit.IoExit;
import io.jvtpm.kvm.exit.MalformedExit;
import io.jvtpm.kvm.exit.MmioExit;
import io.jvtpm.kvm.exit.ShutdownExit;
import io.jvtpm.kvm.exit.SystemEventExit;
import io.jvtpm.kvm.exit.UnknownExit;
import io.jvtpm.kvm.exit.VmExit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a vCPU loop does after an exit (linux/kvm.h exit reasons) once the buses have completed any I/O:
 * keep running or stop this vCPU.
 */
@FunctionalInterface
public interface ExitPolicy {
    /** The loop's next step. */
    enum Action {
        /** Enter the guest again. */
        CONTINUE,
        /** Leave the loop; the vCPU thread ends. */
        STOP
    }

    /** Decides after {@code exit} on {@code vcpu}. */
    Action onExit(Vcpu vcpu, VmExit exit);

    /**
     * The default: I/O and interruptions continue; HLT (only seen without an in-kernel irqchip), shutdown,
     * system events and every failure stop the vCPU, failures logged with the vCPU's RIP.
     */
    static ExitPolicy standard() {
        return StandardPolicy.INSTANCE;
    }

    /** The default policy's implementation. */
    final class StandardPolicy implements ExitPolicy {
        static final StandardPolicy INSTANCE = new StandardPolicy();
        private static final Logger LOG = LoggerFactory.getLogger(ExitPolicy.class);

        private StandardPolicy() {
        }

        @Override
        public Action onExit(Vcpu vcpu, VmExit exit) {
            if (exit instanceof IoExit || exit instanceof MmioExit || exit instanceof InterruptedExit) {
                return Action.CONTINUE;
            }
            if (exit instanceof HaltExit || exit instanceof ShutdownExit || exit instanceof SystemEventExit) {
                LOG.debug("{}: {}; stopping", vcpu, exit);
                return Action.STOP;
            }
            if (exit instanceof FailEntryExit || exit instanceof InternalErrorExit || exit instanceof UnknownExit
                    || exit instanceof MalformedExit) {
                String rip;
                try {
                    rip = "0x" + Long.toHexString(vcpu.getRegs().rip());
                } catch (RuntimeException e) {
                    rip = "unknown";
                }
                LOG.error("{}: {} at RIP {}; stopping", vcpu, exit, rip);
            }
            return Action.STOP;
        }
    }
}
