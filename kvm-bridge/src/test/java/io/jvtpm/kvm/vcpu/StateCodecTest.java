package io.jvtpm.kvm.vcpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jvtpm.kvm.sys.KvmLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Encode/decode of the register structures at the kvm.h offsets (no KVM needed). */
class StateCodecTest {
    private static ByteBuffer buf(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void regsRoundTripAndPlacement() {
        long[] a = new long[18];
        for (int i = 0; i < 18; i++) {
            a[i] = 0x0101010101010101L * (i + 1);
        }
        Regs r = Regs.of(a);
        ByteBuffer b = buf(KvmLayout.REGS_SIZE);
        r.encode(b);
        assertEquals(r.rip(), b.getLong(KvmLayout.REGS_RIP));
        assertEquals(r.rflags(), b.getLong(KvmLayout.REGS_RFLAGS));
        assertEquals(r, Regs.decode(b));
        assertEquals(0x1234, r.withRip(0x1234).rip());
        assertThrows(IllegalArgumentException.class, () -> Regs.of(new long[17]));
    }

    @Test
    void sregsRoundTripAndPlacement() {
        Segment cs = new Segment(0xFFFF0000L, 0xFFFF, 0xF000, 0xB, true, 0, false, true, false, false, false, false);
        Segment d = Segment.data32(0x18);
        Sregs s = new Sregs(cs, d, d, d, d, d, Segment.tss(0x20, 0x5000, 0x67), Segment.data32(0),
                new DescriptorTable(0x500, 0x27), new DescriptorTable(0x600, 0xFFF), 0x60000010L, 1, 2, 3, 4, 0x500,
                0xFEE00900L, List.of(1L, 2L, 3L, 4L));
        ByteBuffer b = buf(KvmLayout.SREGS_SIZE);
        s.encode(b);
        assertEquals(0xFFFF0000L, b.getLong(KvmLayout.SREGS_CS));
        assertEquals(0xF000, b.getShort(KvmLayout.SREGS_CS + KvmLayout.SEGMENT_SELECTOR) & 0xFFFF);
        assertEquals(0x27, b.getShort(KvmLayout.SREGS_GDT + KvmLayout.DTABLE_LIMIT));
        assertEquals(0x500, b.getLong(KvmLayout.SREGS_EFER));
        assertEquals(4L, b.getLong(KvmLayout.SREGS_INTERRUPT_BITMAP + 24));
        assertEquals(s, Sregs.decode(b));
        Sregs real = s.realMode(0x100, 0x200);
        assertEquals(0x1000, real.cs().base());
        assertEquals(0x2000, real.ss().base());
        assertEquals(0, real.cr0() & Sregs.CR0_PE);
    }

    @Test
    void eventsRoundTripAndPlacement() {
        VcpuEvents e = new VcpuEvents(new VcpuEvents.ExceptionEvent(true, 14, true, false, 0x11),
                new VcpuEvents.Interrupt(true, 0x20, false, 1), new VcpuEvents.Nmi(false, true, true), 0x9A,
                VcpuEvents.VALID_SMM | VcpuEvents.VALID_NMI_PENDING,
                new VcpuEvents.Smi(true, false, true, false), true, true, 0xDEADL);
        ByteBuffer b = buf(KvmLayout.VCPU_EVENTS_SIZE);
        e.encode(b);
        assertEquals(14, b.get(KvmLayout.EVENTS_EXCEPTION_INJECTED + 1));
        assertEquals(1, b.get(KvmLayout.EVENTS_SMI_SMM));
        assertEquals(0xDEADL, b.getLong(KvmLayout.EVENTS_EXCEPTION_PAYLOAD));
        assertEquals(e, VcpuEvents.decode(b));
    }

    @Test
    void fpuRoundTripAndCopies() {
        byte[] fpr = new byte[128];
        byte[] xmm = new byte[256];
        fpr[5] = 7;
        xmm[255] = 9;
        Fpu f = new Fpu(fpr, 0x37F, 1, 0xFF, 2, 3, 4, xmm, 0x1F80);
        fpr[5] = 0;
        ByteBuffer b = buf(KvmLayout.FPU_SIZE);
        f.encode(b);
        assertEquals(0x1F80, b.getInt(KvmLayout.FPU_MXCSR));
        assertEquals(9, b.get(KvmLayout.FPU_XMM + 255));
        Fpu g = Fpu.decode(b);
        assertEquals(7, g.fpr()[5]);
        assertArrayEquals(f.xmm(15), g.xmm(15));
        assertEquals(0x37F, g.fcw());
        assertThrows(IllegalArgumentException.class, () -> new Fpu(new byte[1], 0, 0, 0, 0, 0, 0, xmm, 0));
    }
}
