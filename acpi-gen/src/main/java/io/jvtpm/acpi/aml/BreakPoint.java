package io.jvtpm.acpi.aml;

/** {@code BreakPoint} (ACPI 6.5 section 19.6, DefBreakPoint 0xCC): a debugger break, a no-op otherwise. */
public record BreakPoint() implements Aml {
    @Override
    public void encode(AmlSink out) {
        AmlOpcode.BREAK_POINT.encode(out);
    }
}
