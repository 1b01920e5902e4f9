package io.jvtpm.examples.boot.legacy;

/**
 * Which control reset the platform: the PC/AT 8042 reset pulse (command 0xFE), the ICH reset
 * control register 0xCF9 (soft, hard, full), or a triple fault (KVM_EXIT_SHUTDOWN, linux/kvm.h).
 */
public enum ResetCause {
    KEYBOARD_CONTROLLER,
    RESET_CONTROL_SOFT,
    RESET_CONTROL_HARD,
    RESET_CONTROL_FULL,
    TRIPLE_FAULT
}
