package io.jvtpm.acpi.aml;

/** A method argument Arg0..Arg6 (ACPI 6.5 section 20.2.6.1, ArgObj 0x68-0x6E). */
public record ArgObj(int index) implements SuperName {
    public ArgObj {
        if (index < 0 || index > 6) {
            throw new IllegalArgumentException("Arg" + index + " does not exist (Arg0..Arg6)");
        }
    }

    @Override
    public void encode(AmlSink out) {
        out.u8(0x68 + index);
    }
}
