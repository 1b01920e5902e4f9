package io.jvtpm.kvm.vcpu;

import static io.jvtpm.kvm.sys.KvmLayout.SEGMENT_SIZE;
import static io.jvtpm.kvm.sys.KvmLayout.SREGS_CR0;
import static io.jvtpm.kvm.sys.KvmLayout.SREGS_CS;
import static io.jvtpm.kvm.sys.KvmLayout.SREGS_GDT;
import static io.jvtpm.kvm.sys.KvmLayout.SREGS_IDT;
import static io.jvtpm.kvm.sys.KvmLayout.SREGS_INTERRUPT_BITMAP;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * struct kvm_sregs (linux/kvm.h, x86): segment registers, descriptor tables, control registers, EFER, the
 * APIC base and the pending-interrupt bitmap (KVM_GET/SET_SREGS).
 */
public record Sregs(Segment cs, Segment ds, Segment es, Segment fs, Segment gs, Segment ss, Segment tr,
                    Segment ldt, DescriptorTable gdt, DescriptorTable idt, long cr0, long cr2, long cr3,
                    long cr4, long cr8, long efer, long apicBase, List<Long> interruptBitmap) {
    /** CR0.PE. */
    public static final long CR0_PE = 1L;
    /** CR0.ET. */
    public static final long CR0_ET = 1L << 4;
    /** CR0.NE. */
    public static final long CR0_NE = 1L << 5;
    /** CR0.PG. */
    public static final long CR0_PG = 1L << 31;
    /** CR4.PAE. */
    public static final long CR4_PAE = 1L << 5;
    /** CR4.LA57: 5-level paging. */
    public static final long CR4_LA57 = 1L << 12;
    /** EFER.LME. */
    public static final long EFER_LME = 1L << 8;
    /** EFER.LMA. */
    public static final long EFER_LMA = 1L << 10;

    /** Copies the bitmap and checks it has kvm_sregs' four words. */
    public Sregs {
        interruptBitmap = List.copyOf(interruptBitmap);
        if (interruptBitmap.size() != 4) {
            throw new IllegalArgumentException("interrupt_bitmap has 4 u64, got " + interruptBitmap.size());
        }
    }

    /** This state with all six data/code segment registers of real mode: CS = {@code cs}, the others = {@code ds}. */
    public Sregs realMode(int csSelector, int dsSelector) {
        Segment c = Segment.realMode(csSelector, 0xb);
        Segment d = Segment.realMode(dsSelector, 0x3);
        return new Sregs(c, d, d, d, d, d, tr, ldt, gdt, idt, cr0 & ~(CR0_PE | CR0_PG), cr2, cr3, cr4, cr8, efer,
                apicBase, interruptBitmap);
    }

    /**
     * This state in 64-bit long mode with paging: flat code selector {@code codeSel}, data {@code dataSel}, page
     * tables at {@code cr3}.
     */
    public Sregs longMode(long pml4, int codeSel, int dataSel) {
        Segment c = Segment.code64(codeSel);
        Segment d = Segment.data32(dataSel);
        Segment t = Segment.tss(dataSel + 8, 0, 0x67);
        return new Sregs(c, d, d, d, d, d, t, ldt, gdt, idt, CR0_PE | CR0_ET | CR0_NE | CR0_PG, 0, pml4,
                cr4 | CR4_PAE, cr8, EFER_LME | EFER_LMA, apicBase, interruptBitmap);
    }

    /** This state with another DS (and ES, FS, GS) segment. */
    public Sregs withDataSegment(Segment d) {
        return new Sregs(cs, d, d, d, d, ss, tr, ldt, gdt, idt, cr0, cr2, cr3, cr4, cr8, efer, apicBase,
                interruptBitmap);
    }

    static Sregs decode(ByteBuffer b) {
        Segment[] s = new Segment[8];
        for (int i = 0; i < 8; i++) {
            s[i] = Segment.decode(b, SREGS_CS + i * SEGMENT_SIZE);
        }
        long[] c = new long[7];
        for (int i = 0; i < 7; i++) {
            c[i] = b.getLong(SREGS_CR0 + i * 8);
        }
        List<Long> bitmap = List.of(b.getLong(SREGS_INTERRUPT_BITMAP), b.getLong(SREGS_INTERRUPT_BITMAP + 8),
                b.getLong(SREGS_INTERRUPT_BITMAP + 16), b.getLong(SREGS_INTERRUPT_BITMAP + 24));
        return new Sregs(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], DescriptorTable.decode(b, SREGS_GDT),
                DescriptorTable.decode(b, SREGS_IDT), c[0], c[1], c[2], c[3], c[4], c[5], c[6], bitmap);
    }

    void encode(ByteBuffer b) {
        Segment[] s = {cs, ds, es, fs, gs, ss, tr, ldt};
        for (int i = 0; i < 8; i++) {
            s[i].encode(b, SREGS_CS + i * SEGMENT_SIZE);
        }
        gdt.encode(b, SREGS_GDT);
        idt.encode(b, SREGS_IDT);
        long[] c = {cr0, cr2, cr3, cr4, cr8, efer, apicBase};
        for (int i = 0; i < 7; i++) {
            b.putLong(SREGS_CR0 + i * 8, c[i]);
        }
        for (int i = 0; i < 4; i++) {
            b.putLong(SREGS_INTERRUPT_BITMAP + i * 8, interruptBitmap.get(i));
        }
    }
}
