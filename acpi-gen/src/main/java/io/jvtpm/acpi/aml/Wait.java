package io.jvtpm.acpi.aml;

import java.util.Objects;

/** {@code Wait(event, timeout)} (ACPI 6.5 section 19.6, DefWait 0x5B 0x25): yields True if the wait timed out. */
public record Wait(SuperName event, TermArg timeoutMillis) implements TermArg {
    public Wait {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(timeoutMillis, "timeoutMillis");
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.WAIT.encode(out);
        event.encode(out);
        timeoutMillis.encode(out);
    }
}
