package io.jvtpm.acpi.aml;

import java.util.Objects;

/** {@code Name(name, object)} (ACPI 6.5 section 19.6, DefName 0x08): a named data object. */
public record Name(NameString name, DataObject value) implements Aml {
    public Name {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.NAME.encode(out);
        name.encode(out);
        value.encode(out);
    }
}
