package io.jvtpm.acpi.aml;

import java.util.List;
import java.util.Objects;

/**
 * {@code Method(name, argCount, Serialized|NotSerialized, syncLevel) { terms }} (ACPI 6.5 section
 * 19.6, DefMethod 0x14 PkgLength NameString MethodFlags TermList; MethodFlags bits 2:0 ArgCount,
 * bit 3 SerializeFlag, bits 7:4 SyncLevel).
 */
public record Method(NameString name, int argCount, boolean serialized, int syncLevel, List<Aml> terms)
        implements Aml {
    public Method {
        Objects.requireNonNull(name, "name");
        if (argCount < 0 || argCount > 7) {
            throw new IllegalArgumentException("a method takes 0..7 arguments, not " + argCount);
        }
        if (syncLevel < 0 || syncLevel > 15) {
            throw new IllegalArgumentException("sync level is 0..15, not " + syncLevel);
        }
        terms = List.copyOf(terms);
    }

    /** The MethodFlags byte. */
    public int flags() {
        return argCount | (serialized ? 0x08 : 0) | (syncLevel << 4);
    }

    @Override
    public void encode(AmlSink out) {
        Aml.encodePackage(out, AmlOpcode.METHOD, body -> {
            name.encode(body);
            body.u8(flags());
            Aml.encodeAll(body, terms);
        });
    }
}
