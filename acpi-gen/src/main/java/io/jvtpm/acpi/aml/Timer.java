package io.jvtpm.acpi.aml;

/** {@code Timer} (ACPI 6.5 section 19.6, DefTimer 0x5B 0x33): a monotonic 100 ns counter. */
public record Timer() implements TermArg {
    @Override
    public void encode(AmlSink out) {
        AmlOpcode.TIMER.encode(out);
    }
}
