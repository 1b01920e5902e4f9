package io.jvtpm.acpi.aml;

/**
 * Where an operator stores its result (ACPI 6.5 section 20.2.2, Target := SuperName | NullName);
 * {@link #NONE} discards it.
 */
public sealed interface Target permits SuperName, NullName {

    /** The NullName target: the result is only returned, not stored. */
    Target NONE = new NullName();

    /** Appends this target's encoding. */
    void encode(AmlSink out);
}
