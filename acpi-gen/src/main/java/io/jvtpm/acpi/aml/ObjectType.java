package io.jvtpm.acpi.aml;

import java.util.Objects;

/** {@code ObjectType(name)} (ACPI 6.5 section 19.6, DefObjectType 0x8E). */
public record ObjectType(SuperName name) implements TermArg {
    public ObjectType {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.OBJECT_TYPE.encode(out);
        name.encode(out);
    }
}
