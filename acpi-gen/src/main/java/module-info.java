/** The AML encoder and the ACPI table builders (ACPI 6.5 chapters 5 and 20). */
module io.jvtpm.acpi {
    exports io.jvtpm.acpi.aml;
    exports io.jvtpm.acpi.aml.resource;
    exports io.jvtpm.acpi.table;
}
