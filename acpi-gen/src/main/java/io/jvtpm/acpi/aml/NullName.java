package io.jvtpm.acpi.aml;

/** The NullName (0x00) in a Target position (ACPI 6.5 section 20.2.2): no result is stored. */
public record NullName() implements Target {
    @Override
    public void encode(AmlSink out) {
        out.u8(0x00);
    }
}
