/**
 * The few legacy PC devices a Linux guest pokes that the in-kernel irqchip and PIT do not cover:
 * the COM1 16550A UART, the reset paths (i8042 0xFE, port 0xCF9), the ACPI PM1 blocks (power
 * off), the CMOS RTC and the POST port. Each is a plain register model with
 * {@code read(offset, size)} / {@code write(offset, size, value)} relative to its base port.
 */
package io.jvtpm.examples.boot.legacy;
