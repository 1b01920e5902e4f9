package io.jvtpm.acpi.aml;

/** The Debug object (ACPI 6.5 section 20.2.6.3, DebugOp 0x5B 0x31): a store target that logs. */
public record DebugObj() implements SuperName {
    @Override
    public void encode(AmlSink out) {
        AmlOpcode.DEBUG.encode(out);
    }
}
