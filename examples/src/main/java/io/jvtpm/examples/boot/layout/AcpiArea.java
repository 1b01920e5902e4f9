package io.jvtpm.examples.boot.layout;

/**
 * Where a guest's ACPI tables (e820 ACPI, reclaimable; ACPI 6.5 section 15) and its TPM event log
 * (e820 reserved; TCG ACPI Specification 1.3 TPM2 table LASA/LAML) sit: at the top of RAM below
 * 4 GiB, the log last. It depends on the guest's memory size only, so {@code jvtpm acpi} places
 * the tables where {@code jvtpm boot} does.
 */
public record AcpiArea(long tablesAddress, long tablesSize, long eventLogAddress, long eventLogSize) {

    /** The area of a guest with {@code memoryBytes} of RAM (at least {@link GuestMemoryLayout#MIN_MEMORY}). */
    public static AcpiArea forMemory(long memoryBytes) {
        long lowRamEnd = Math.min(memoryBytes, GuestMemoryLayout.MMIO_HOLE);
        long eventLog = lowRamEnd - GuestMemoryLayout.EVENT_LOG_SIZE;
        return new AcpiArea(eventLog - GuestMemoryLayout.ACPI_TABLES_SIZE, GuestMemoryLayout.ACPI_TABLES_SIZE, eventLog,
                GuestMemoryLayout.EVENT_LOG_SIZE);
    }
}
