package io.jvtpm.acpi.aml;

import java.util.Objects;

/** {@code Sleep(milliseconds)} (ACPI 6.5 section 19.6, DefSleep 0x5B 0x22). */
public record Sleep(TermArg milliseconds) implements Aml {
    public Sleep {
        Objects.requireNonNull(milliseconds, "milliseconds");
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.SLEEP.encode(out);
        milliseconds.encode(out);
    }
}
