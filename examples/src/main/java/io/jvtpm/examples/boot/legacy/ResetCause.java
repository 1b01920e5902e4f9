package io.jvtpm.examples.boot.legacy;

/** Which control reset the platform: i8042 pulse (0xFE), port 0xCF9 (soft, hard, full), or a vCPU triple fault. */
public enum ResetCause {
    KEYBOARD_CONTROLLER,
    RESET_CONTROL_SOFT,
    RESET_CONTROL_HARD,
    RESET_CONTROL_FULL,
    TRIPLE_FAULT
}
