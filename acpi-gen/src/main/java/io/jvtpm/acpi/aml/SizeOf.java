package io.jvtpm.acpi.aml;

import java.util.Objects;

/** {@code SizeOf(name)} (ACPI 6.5 section 19.6, DefSizeOf 0x87): elements of a package, bytes of a buffer or string. */
public record SizeOf(SuperName name) implements TermArg {
    public SizeOf {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.SIZE_OF.encode(out);
        name.encode(out);
    }
}
