package io.jvtpm.acpi.aml;

/** A method local variable Local0..Local7 (ACPI 6.5 section 20.2.6.2, LocalObj 0x60-0x67). */
public record LocalObj(int index) implements SuperName {
    public LocalObj {
        if (index < 0 || index > 7) {
            throw new IllegalArgumentException("Local" + index + " does not exist (Local0..Local7)");
        }
    }

    @Override
    public void encode(AmlSink out) {
        out.u8(0x60 + index);
    }
}
