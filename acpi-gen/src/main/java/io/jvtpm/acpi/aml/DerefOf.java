package io.jvtpm.acpi.aml;

import java.util.Objects;

/** {@code DerefOf(reference)} (ACPI 6.5 section 19.6, DefDerefOf 0x83): the object a reference points to. */
public record DerefOf(TermArg reference) implements SuperName {
    public DerefOf {
        Objects.requireNonNull(reference, "reference");
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.DEREF_OF.encode(out);
        reference.encode(out);
    }
}
