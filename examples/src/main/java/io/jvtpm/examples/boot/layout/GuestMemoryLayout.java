package io.jvtpm.examples.boot.layout;

import io.jvtpm.examples.boot.BootException;
import io.jvtpm.examples.boot.image.BzImage;
import io.jvtpm.examples.boot.image.SetupHeader;

import java.util.ArrayList;
import java.util.List;

/**
 * Where everything sits in guest physical memory for a 64-bit direct boot (Linux x86 boot
 * protocol, boot.rst "64-bit Boot Protocol"; e820 per ACPI 6.5 section 15):
 *
 * <pre>
 * 0x00000000 - 0x0009FBFF  RAM: GDT 0x500, zero page 0x7000, PML5 0x8000, page tables 0x9000-0xEFFF,
 *                          command line 0x20000 (64 KiB window)
 * 0x0009FC00 - 0x0009FFFF  reserved (EBDA)
 * 0x000A0000 - 0x000DFFFF  hole (legacy VGA / option ROMs), not in e820
 * 0x000E0000 - 0x000FFFFF  reserved: BIOS area, the RSDP at 0xE0000
 * 0x00100000 - acpi        RAM: kernel at pref_address (aligned), initrd at the top, page aligned
 * acpi       - log         ACPI (reclaimable): the ACPI tables, 128 KiB
 * log        - lowTop      reserved: the TPM event log (TPM2 table LASA/LAML), 64 KiB
 * 0xC0000000 - 0xFFFFFFFF  MMIO hole, not in e820: IOAPIC, TPM 0xFED40000, PPI page 0xFED45000, CRB buffer 0xFED46000, LAPIC
 * 0x100000000 -            RAM above 4 GiB: what does not fit below the hole
 * </pre>
 *
 * The TPM registers and the PPI page stay out of RAM and out of e820, as QEMU leaves them.
 */
public record GuestMemoryLayout(
        long memoryBytes,
        long lowRamEnd,
        long highRamBytes,
        long kernelAddress,
        long kernelFootprint,
        long initrdAddress,
        long initrdSize,
        long cmdlineAddress,
        int cmdlineBytes,
        long acpiTablesAddress,
        long acpiTablesSize,
        long eventLogAddress,
        long eventLogSize,
        E820Map e820) {

    public static final long GDT_ADDRESS = 0x500;
    public static final long BOOT_PARAMS_ADDRESS = 0x7000;
    /** The PML5 whose first entry points at the PML4, for a kernel entered with 5-level paging. */
    public static final long PML5_ADDRESS = 0x8000;
    public static final long PML4_ADDRESS = 0x9000;
    public static final long PDPT_ADDRESS = 0xA000;
    /** Four page directories of 2 MiB pages identity-map the first 4 GiB. */
    public static final long PD_ADDRESS = 0xB000;
    public static final int PD_COUNT = 4;
    public static final long CMDLINE_ADDRESS = 0x20000;
    public static final long CMDLINE_WINDOW = 0x10000;
    public static final long EBDA_ADDRESS = 0x9FC00;
    public static final long LEGACY_HOLE = 0xA0000;
    public static final long BIOS_AREA = 0xE0000;
    /** Linux scans 0xE0000-0xFFFFF for "RSD PTR " on 16-byte boundaries. */
    public static final long RSDP_ADDRESS = BIOS_AREA;
    public static final long HIGH_MEMORY = 0x100000;
    /** RAM below 4 GiB ends here at most; above it is the 32-bit MMIO hole. */
    public static final long MMIO_HOLE = 0xC0000000L;
    public static final long FOUR_GIB = 1L << 32;
    public static final long ACPI_TABLES_SIZE = 0x20000;
    /** The log area QEMU's TPM2 table announces (LAML 64 KiB). */
    public static final long EVENT_LOG_SIZE = 0x10000;
    public static final long MIN_MEMORY = 16L << 20;
    /** The largest guest this launcher builds (page tables and e820 handle far more). */
    public static final long MAX_MEMORY = 1L << 40;
    public static final long PAGE = 4096;

    /**
     * Places a kernel, an initrd of {@code initrdSize} bytes (0 for none) and a command line of
     * {@code cmdlineBytes} bytes (without its NUL) in {@code memoryBytes} of guest RAM.
     *
     * @throws BootException with a one-line reason when they do not fit
     */
    public static GuestMemoryLayout plan(long memoryBytes, BzImage kernel, long initrdSize, int cmdlineBytes)
            throws BootException {
        checkMemorySize(memoryBytes);
        SetupHeader h = kernel.header();
        checkCmdline(h, cmdlineBytes);
        long lowRamEnd = Math.min(memoryBytes, MMIO_HOLE);
        long highRam = memoryBytes - lowRamEnd;
        AcpiArea area = AcpiArea.forMemory(memoryBytes);
        long eventLog = area.eventLogAddress();
        long acpi = area.tablesAddress();

        String mem = MemorySize.format(memoryBytes);
        long kernelAddress = h.relocatable()
                ? alignUp(Math.max(h.prefAddress(), HIGH_MEMORY), h.kernelAlignment())
                : h.code32Start();
        long footprint = alignUp(kernel.memoryFootprint(), PAGE);
        long kernelEnd = kernelAddress + footprint;
        if (kernelAddress < HIGH_MEMORY || kernelEnd > acpi) {
            throw new BootException("memory size " + mem + " is too small for the kernel: it needs "
                    + MemorySize.format(alignUp(kernelEnd + ACPI_TABLES_SIZE + EVENT_LOG_SIZE, 1 << 20))
                    + " (loaded at 0x" + Long.toHexString(kernelAddress) + ", init_size " + MemorySize.format(footprint) + ")");
        }
        long initrdAddress = initrdSize > 0 ? initrdAddress(mem, h, initrdSize, kernelEnd, acpi) : 0;
        return new GuestMemoryLayout(memoryBytes, lowRamEnd, highRam, kernelAddress, footprint,
                initrdAddress, initrdSize, CMDLINE_ADDRESS, cmdlineBytes, acpi, ACPI_TABLES_SIZE,
                eventLog, EVENT_LOG_SIZE, e820(acpi, eventLog, highRam));
    }

    private static void checkMemorySize(long memoryBytes) throws BootException {
        String mem = MemorySize.format(memoryBytes);
        if (memoryBytes % PAGE != 0) {
            throw new BootException("memory size " + memoryBytes + " bytes is not a multiple of 4 KiB");
        }
        if (memoryBytes < MIN_MEMORY) {
            throw new BootException("memory size " + mem + " is below the minimum of " + MemorySize.format(MIN_MEMORY));
        }
        if (memoryBytes > MAX_MEMORY) {
            throw new BootException("memory size " + mem + " is above the maximum of " + MemorySize.format(MAX_MEMORY));
        }
    }

    /** The command line fits the kernel's cmdline_size and the launcher's window, with its NUL. */
    private static void checkCmdline(SetupHeader h, int cmdlineBytes) throws BootException {
        if (cmdlineBytes > h.cmdlineSize()) {
            throw new BootException("kernel command line is " + cmdlineBytes + " bytes; this kernel takes at most " + h.cmdlineSize());
        }
        if (cmdlineBytes + 1 > CMDLINE_WINDOW) {
            throw new BootException("kernel command line is " + cmdlineBytes + " bytes; the launcher takes at most " + (CMDLINE_WINDOW - 1));
        }
    }

    /** The initrd as high as it goes below the ACPI tables and initrd_addr_max, page aligned, above the kernel. */
    private static long initrdAddress(String mem, SetupHeader h, long initrdSize, long kernelEnd, long acpi)
            throws BootException {
        long top = Math.min(acpi, h.initrdAddrMax() + 1);
        long initrdAddress = alignDown(top - initrdSize, PAGE);
        if (initrdAddress < kernelEnd) {
            long need = alignUp(kernelEnd + alignUp(initrdSize, PAGE) + ACPI_TABLES_SIZE + EVENT_LOG_SIZE, 1 << 20);
            throw new BootException("memory size " + mem + " is too small for the kernel and a "
                    + MemorySize.format(alignUp(initrdSize, 1024)) + " initrd: they need at least "
                    + MemorySize.format(need)
                    + (top < acpi ? " below the kernel's initrd_addr_max 0x" + Long.toHexString(h.initrdAddrMax()) : ""));
        }
        return initrdAddress;
    }

    /** The e820 map of the layout drawn in this class's Javadoc. */
    private static E820Map e820(long acpi, long eventLog, long highRam) {
        List<E820Entry> e = new ArrayList<>();
        e.add(new E820Entry(0, EBDA_ADDRESS, E820Type.RAM));
        e.add(new E820Entry(EBDA_ADDRESS, LEGACY_HOLE - EBDA_ADDRESS, E820Type.RESERVED));
        e.add(new E820Entry(BIOS_AREA, HIGH_MEMORY - BIOS_AREA, E820Type.RESERVED));
        e.add(new E820Entry(HIGH_MEMORY, acpi - HIGH_MEMORY, E820Type.RAM));
        e.add(new E820Entry(acpi, ACPI_TABLES_SIZE, E820Type.ACPI));
        e.add(new E820Entry(eventLog, EVENT_LOG_SIZE, E820Type.RESERVED));
        if (highRam > 0) {
            e.add(new E820Entry(FOUR_GIB, highRam, E820Type.RAM));
        }
        return E820Map.of(e);
    }

    /** Where the ACPI tables and the TPM event log sit. */
    public AcpiArea acpiArea() {
        return new AcpiArea(acpiTablesAddress, acpiTablesSize, eventLogAddress, eventLogSize);
    }

    /** The host-backed regions: all of [0, lowRamEnd) (the legacy hole included) and RAM above 4 GiB. */
    public List<RamRegion> ramRegions() {
        List<RamRegion> r = new ArrayList<>();
        r.add(new RamRegion(0, lowRamEnd));
        if (highRamBytes > 0) {
            r.add(new RamRegion(FOUR_GIB, highRamBytes));
        }
        return r;
    }

    /** The 64-bit entry point: the protected-mode kernel's load address + 0x200. */
    public long entry64() {
        return kernelAddress + 0x200;
    }

    static long alignUp(long v, long a) {
        return (v + a - 1) & -a;
    }

    static long alignDown(long v, long a) {
        return v & -a;
    }
}
