package io.jvtpm.acpi.aml;

/** {@code Continue} (ACPI 6.5 section 19.6): starts the next iteration of the innermost While. */
public record Continue() implements Aml {
    @Override
    public void encode(AmlSink out) {
        AmlOpcode.CONTINUE.encode(out);
    }
}
