package io.jvtpm.acpi.aml;

/** {@code Noop} (ACPI 6.5 section 19.6): does nothing. */
public record Noop() implements Aml {
    @Override
    public void encode(AmlSink out) {
        AmlOpcode.NOOP.encode(out);
    }
}
