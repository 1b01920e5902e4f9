package io.jvtpm.acpi.aml;

import java.util.Objects;

/**
 * {@code External(name, type, argCount)} (ACPI 6.5 section 19.6, ExternalOp 0x15 NameString
 * ObjectType ArgumentCount): declares an object another table defines, as an SSDT does for the
 * DSDT's scopes and methods. Put Externals inside {@code If (Zero) { ... }}, as iasl does and as
 * {@link Asl#externals} builds: ACPICA's table loader otherwise tries to create the named object
 * and fails with AE_ALREADY_EXISTS when it exists.
 */
public record External(NameString name, ObjectTypeCode type, int argCount) implements Aml {
    public External {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (argCount < 0 || argCount > 7) {
            throw new IllegalArgumentException("argument count is 0..7, not " + argCount);
        }
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.EXTERNAL.encode(out);
        name.encode(out);
        out.u8(type.code);
        out.u8(argCount);
    }
}
