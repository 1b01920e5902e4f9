package io.jvtpm.acpi.aml;

/** {@code Break} (ACPI 6.5 section 19.6): leaves the innermost While. */
public record Break() implements Aml {
    @Override
    public void encode(AmlSink out) {
        AmlOpcode.BREAK.encode(out);
    }
}
