package io.jvtpm.examples.boot.vm;

import io.jvtpm.examples.boot.layout.GuestMemoryLayout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The identity-mapped page tables and GDT the 64-bit boot protocol needs (boot.rst "64-bit Boot
 * Protocol": long mode, paging on, the kernel, zero page and command line identity-mapped; a GDT
 * with __BOOT_CS (0x10) as flat 64-bit code and __BOOT_DS (0x18) as flat data). The first 4 GiB
 * are mapped with 2 MiB pages (Intel SDM vol. 3A section 4.5, 4-level paging): one PML4 entry,
 * four PDPT entries, 4 x 512 PDEs; for 5-level paging (section 4.5, CR4.LA57) a PML5 whose first
 * entry points at that PML4 maps the same.
 */
public final class BootPageTables {

    public static final int BOOT_CS = 0x10;
    public static final int BOOT_DS = 0x18;
    public static final int BOOT_TSS = 0x20;
    /** Present, writable. */
    public static final long PRESENT_RW = 0x3;
    /** Present, writable, 2 MiB page (PS). */
    public static final long LARGE_PAGE = 0x83;
    /** Flat 64-bit code: P, DPL 0, S, type execute/read accessed, L = 1, G = 1. */
    public static final long GDT_CODE64 = 0x00AF9B000000FFFFL;
    /** Flat 32-bit data: P, DPL 0, S, type read/write accessed, D/B = 1, G = 1. */
    public static final long GDT_DATA = 0x00CF93000000FFFFL;
    /** A busy 32-bit TSS at base 0, limit 0x67 (the TR KVM needs at entry; the kernel loads its own). */
    public static final long GDT_TSS = 0x00008B0000000067L;
    public static final int GDT_ENTRIES = 5;

    private BootPageTables() {
    }

    /** The GDT bytes for {@link GuestMemoryLayout#GDT_ADDRESS}: null, null, code, data, TSS. */
    public static byte[] gdt() {
        ByteBuffer b = ByteBuffer.allocate(GDT_ENTRIES * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0).putLong(0).putLong(GDT_CODE64).putLong(GDT_DATA).putLong(GDT_TSS);
        return b.array();
    }

    /** GDTR.limit for {@link #gdt()}. */
    public static int gdtLimit() {
        return GDT_ENTRIES * 8 - 1;
    }

    /**
     * The PML4, the PDPT and the page directories, contiguous from
     * {@link GuestMemoryLayout#PML4_ADDRESS} (PML4, PDPT, then {@link GuestMemoryLayout#PD_COUNT} PDs).
     */
    public static byte[] pageTables() {
        int pages = 2 + GuestMemoryLayout.PD_COUNT;
        ByteBuffer b = ByteBuffer.allocate(pages * 4096).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, GuestMemoryLayout.PDPT_ADDRESS | PRESENT_RW);
        for (int i = 0; i < GuestMemoryLayout.PD_COUNT; i++) {
            b.putLong(4096 + i * 8, (GuestMemoryLayout.PD_ADDRESS + i * 4096L) | PRESENT_RW);
        }
        for (int pd = 0; pd < GuestMemoryLayout.PD_COUNT; pd++) {
            for (int e = 0; e < 512; e++) {
                long address = ((long) pd << 30) | ((long) e << 21);
                b.putLong(8192 + pd * 4096 + e * 8, address | LARGE_PAGE);
            }
        }
        return b.array();
    }

    /** The PML5 page for {@link GuestMemoryLayout#PML5_ADDRESS}: entry 0 points at the PML4. */
    public static byte[] pml5() {
        ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, GuestMemoryLayout.PML4_ADDRESS | PRESENT_RW);
        return b.array();
    }

    /** The guest-physical address {@code virt} maps to through {@link #pageTables()}, or -1 when unmapped. */
    public static long translate(byte[] tables, long virt) {
        ByteBuffer b = ByteBuffer.wrap(tables).order(ByteOrder.LITTLE_ENDIAN);
        long pml4e = b.getLong((int) ((virt >>> 39) & 0x1FF) * 8);
        if ((pml4e & 1) == 0) {
            return -1;
        }
        long pdptBase = (pml4e & 0x000F_FFFF_FFFF_F000L) - GuestMemoryLayout.PML4_ADDRESS;
        long pdpte = b.getLong((int) (pdptBase + ((virt >>> 30) & 0x1FF) * 8));
        if ((pdpte & 1) == 0) {
            return -1;
        }
        long pdBase = (pdpte & 0x000F_FFFF_FFFF_F000L) - GuestMemoryLayout.PML4_ADDRESS;
        long pde = b.getLong((int) (pdBase + ((virt >>> 21) & 0x1FF) * 8));
        if ((pde & 1) == 0 || (pde & 0x80) == 0) {
            return -1;
        }
        return (pde & 0x000F_FFFF_FFE0_0000L) | (virt & 0x1F_FFFF);
    }
}
