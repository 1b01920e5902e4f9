package io.jvtpm.acpi.aml;

/** An element of a Package (ACPI 6.5 section 20.2.5.4, PackageElement := DataRefObject | NameString). */
public sealed interface PackageElement permits DataObject, NameString {

    /** Appends this element's encoding. */
    void encode(AmlSink out);
}
