package io.jvtpm.acpi.aml;

import java.util.Objects;

/** {@code RefOf(name)} (ACPI 6.5 section 19.6, DefRefOf 0x71): a reference to an object. */
public record RefOf(SuperName name) implements SuperName {
    public RefOf {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.REF_OF.encode(out);
        name.encode(out);
    }
}
