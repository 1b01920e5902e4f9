package io.jvtpm.kvm.vcpu;

import static io.jvtpm.kvm.sys.KvmLayout.SEGMENT_AVL;
import static io.jvtpm.kvm.sys.KvmLayout.SEGMENT_DB;
import static io.jvtpm.kvm.sys.KvmLayout.SEGMENT_DPL;
import static io.jvtpm.kvm.sys.KvmLayout.SEGMENT_G;
import static io.jvtpm.kvm.sys.KvmLayout.SEGMENT_L;
import static io.jvtpm.kvm.sys.KvmLayout.SEGMENT_LIMIT;
import static io.jvtpm.kvm.sys.KvmLayout.SEGMENT_PRESENT;
import static io.jvtpm.kvm.sys.KvmLayout.SEGMENT_S;
import static io.jvtpm.kvm.sys.KvmLayout.SEGMENT_SELECTOR;
import static io.jvtpm.kvm.sys.KvmLayout.SEGMENT_TYPE;
import static io.jvtpm.kvm.sys.KvmLayout.SEGMENT_UNUSABLE;

import java.nio.ByteBuffer;

/** struct kvm_segment (linux/kvm.h): a segment register's hidden descriptor cache. */
public record Segment(long base, int limit, int selector, int type, boolean present, int dpl, boolean db,
                      boolean s, boolean l, boolean g, boolean avl, boolean unusable) {

    /** A real-mode segment for {@code selector}: base = selector * 16, 64 KiB limit. */
    public static Segment realMode(int selector, int type) {
        return new Segment((long) selector << 4, 0xffff, selector, type, true, 0, false, true, false, false,
                false, false);
    }

    /** A flat 4 GiB 64-bit code segment (type 0xB, L = 1). */
    public static Segment code64(int selector) {
        return new Segment(0, 0xffffffff, selector, 0xb, true, 0, false, true, true, true, false, false);
    }

    /** A flat 4 GiB data segment (type 0x3, D/B = 1). */
    public static Segment data32(int selector) {
        return new Segment(0, 0xffffffff, selector, 0x3, true, 0, true, true, false, true, false, false);
    }

    /** A busy 64-bit TSS descriptor (type 0xB, system). */
    public static Segment tss(int selector, long base, int limit) {
        return new Segment(base, limit, selector, 0xb, true, 0, false, false, false, false, false, false);
    }

    /** This segment with another base and selector. */
    public Segment withBase(long newBase, int newSelector) {
        return new Segment(newBase, limit, newSelector, type, present, dpl, db, s, l, g, avl, unusable);
    }

    static Segment decode(ByteBuffer b, int at) {
        return new Segment(b.getLong(at), b.getInt(at + SEGMENT_LIMIT), b.getShort(at + SEGMENT_SELECTOR) & 0xffff,
                b.get(at + SEGMENT_TYPE) & 0xff, b.get(at + SEGMENT_PRESENT) != 0, b.get(at + SEGMENT_DPL) & 0xff,
                b.get(at + SEGMENT_DB) != 0, b.get(at + SEGMENT_S) != 0, b.get(at + SEGMENT_L) != 0,
                b.get(at + SEGMENT_G) != 0, b.get(at + SEGMENT_AVL) != 0, b.get(at + SEGMENT_UNUSABLE) != 0);
    }

    void encode(ByteBuffer b, int at) {
        b.putLong(at, base);
        b.putInt(at + SEGMENT_LIMIT, limit);
        b.putShort(at + SEGMENT_SELECTOR, (short) selector);
        b.put(at + SEGMENT_TYPE, (byte) type);
        b.put(at + SEGMENT_PRESENT, flag(present));
        b.put(at + SEGMENT_DPL, (byte) dpl);
        b.put(at + SEGMENT_DB, flag(db));
        b.put(at + SEGMENT_S, flag(s));
        b.put(at + SEGMENT_L, flag(l));
        b.put(at + SEGMENT_G, flag(g));
        b.put(at + SEGMENT_AVL, flag(avl));
        b.put(at + SEGMENT_UNUSABLE, flag(unusable));
        b.put(at + SEGMENT_UNUSABLE + 1, (byte) 0);
    }

    private static byte flag(boolean v) {
        return (byte) (v ? 1 : 0);
    }
}
