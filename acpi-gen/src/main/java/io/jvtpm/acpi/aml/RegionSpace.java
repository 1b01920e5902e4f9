package io.jvtpm.acpi.aml;

/** Operation region address spaces (ACPI 6.5 section 19.6, OperationRegion: the RegionSpace keywords and their byte values). */
public enum RegionSpace {
    SYSTEM_MEMORY(0x00),
    SYSTEM_IO(0x01),
    PCI_CONFIG(0x02),
    EMBEDDED_CONTROL(0x03),
    SMBUS(0x04),
    SYSTEM_CMOS(0x05),
    PCI_BAR_TARGET(0x06),
    IPMI(0x07),
    GENERAL_PURPOSE_IO(0x08),
    GENERIC_SERIAL_BUS(0x09),
    PCC(0x0A),
    PLATFORM_RT(0x0B);

    /** The RegionSpace byte. */
    public final int code;

    RegionSpace(int code) {
        this.code = code;
    }
}
