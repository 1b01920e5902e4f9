package io.jvtpm.examples.boot.layout;

/** Address range types of the BIOS e820 map (ACPI 6.5 section 15.3, Table 15.6; Linux asm/e820). */
public enum E820Type {
    RAM(1),
    RESERVED(2),
    ACPI(3),
    NVS(4),
    UNUSABLE(5);

    private final int code;

    E820Type(int code) {
        this.code = code;
    }

    /** The value in struct boot_e820_entry.type. */
    public int code() {
        return code;
    }
}
