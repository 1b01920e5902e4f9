package io.jvtpm.acpi.aml;

/** {@code Revision} (ACPI 6.5 section 19.6, RevisionOp 0x5B 0x30): the interpreter's revision. */
public record Revision() implements TermArg {
    @Override
    public void encode(AmlSink out) {
        AmlOpcode.REVISION.encode(out);
    }
}
