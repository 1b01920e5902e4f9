package io.jvtpm.acpi.table;

/**
 * The TPM2 table's Start Method (TCG ACPI Specification 1.3, TPM2 table): how the OS
 * tells the TPM a command is ready.
 */
public enum StartMethod {
    /** The ACPI Start method. */
    ACPI(2),
    /** Memory-mapped FIFO: the TIS / PC Client FIFO interface at 0xFED40000. */
    TIS(6),
    /** The Command Response Buffer interface. */
    CRB(7),
    /** CRB with the ACPI Start method. */
    CRB_WITH_ACPI_START(8),
    /** CRB with an ARM SMC. */
    CRB_WITH_SMC(11);

    /** The Start Method value. */
    public final int code;

    StartMethod(int code) {
        this.code = code;
    }
}
