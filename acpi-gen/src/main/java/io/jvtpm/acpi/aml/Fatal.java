package io.jvtpm.acpi.aml;

import java.util.Objects;

/** {@code Fatal(type, code, arg)} (ACPI 6.5 section 19.6, DefFatal 0x5B 0x32 FatalType(byte) FatalCode(dword) FatalArg). */
public record Fatal(int type, long code, TermArg arg) implements Aml {
    public Fatal {
        Objects.requireNonNull(arg, "arg");
        if (type < 0 || type > 0xFF || code < 0 || code > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("Fatal type is a byte and code a dword");
        }
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.FATAL.encode(out);
        out.u8(type);
        out.u32(code);
        arg.encode(out);
    }
}
