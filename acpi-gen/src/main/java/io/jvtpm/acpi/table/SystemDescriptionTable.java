package io.jvtpm.acpi.table;

/**
 * A table that starts with the common header and is listed in the XSDT or pointed to by the FADT
 * (ACPI 6.5 section 5.2.6 and chapter 5.2 tables).
 */
public sealed interface SystemDescriptionTable permits Xsdt, Fadt, Madt, AmlTable, Tpm2Table, Hpet, Mcfg {

    /** The 4-character signature ("FACP", "APIC", "DSDT", "TPM2", ...). */
    String signature();

    /** The table's bytes, Length and Checksum filled in. */
    byte[] toBytes();
}
