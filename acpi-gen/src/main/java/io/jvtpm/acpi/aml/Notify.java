package io.jvtpm.acpi.aml;

import java.util.Objects;

/** {@code Notify(object, value)} (ACPI 6.5 section 19.6, DefNotify 0x86 NotifyObject NotifyValue). */
public record Notify(SuperName object, TermArg value) implements Aml {
    public Notify {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.NOTIFY.encode(out);
        object.encode(out);
        value.encode(out);
    }
}
