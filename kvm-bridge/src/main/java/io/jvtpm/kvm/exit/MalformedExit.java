package io.jvtpm.kvm.exit;

/** A known exit_reason (linux/kvm.h) whose fields are out of range (e.g. an I/O size of 3). */
public record MalformedExit(int reason, String problem) implements VmExit {
}
