package io.jvtpm.acpi.aml;

import java.util.Objects;

/**
 * {@code Acquire(mutex, timeout)} (ACPI 6.5 section 19.6, DefAcquire 0x5B 0x23): yields True if
 * the wait timed out; timeout in milliseconds, 0xFFFF waits forever.
 */
public record Acquire(SuperName mutex, int timeoutMillis) implements TermArg {
    public Acquire {
        Objects.requireNonNull(mutex, "mutex");
        if (timeoutMillis < 0 || timeoutMillis > 0xFFFF) {
            throw new IllegalArgumentException("Acquire timeout is 16 bits: " + timeoutMillis);
        }
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.ACQUIRE.encode(out);
        mutex.encode(out);
        out.u16(timeoutMillis);
    }
}
