package io.jvtpm.kvm.exit;

/**
 * Why KVM_RUN returned: kvm_run.exit_reason and its union member (linux/kvm.h, struct kvm_run), decoded
 * by {@link ExitDecoder}.
 */
public sealed interface VmExit permits IoExit, MmioExit, HaltExit, ShutdownExit, FailEntryExit,
        InternalErrorExit, SystemEventExit, InterruptedExit, UnknownExit, MalformedExit {
}
