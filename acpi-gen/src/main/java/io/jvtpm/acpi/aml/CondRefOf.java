package io.jvtpm.acpi.aml;

import java.util.Objects;

/** {@code CondRefOf(name, target)} (ACPI 6.5 section 19.6, DefCondRefOf 0x5B 0x12): True if {@code name} exists. */
public record CondRefOf(SuperName name, Target target) implements TermArg {
    public CondRefOf {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.COND_REF_OF.encode(out);
        name.encode(out);
        target.encode(out);
    }
}
