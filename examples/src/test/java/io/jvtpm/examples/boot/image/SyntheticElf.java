package io.jvtpm.examples.boot.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds x86-64 ELF executables shaped like a vmlinux (PT_LOAD segments at physical addresses), for tests. */
public final class SyntheticElf {

    /** A program header and, for PT_LOAD, the bytes placed at its file offset. */
    public record Phdr(int type, long offset, long paddr, long filesz, long memsz, byte fill) {
    }

    public int elfClass = 2;
    public int data = 1;
    public int type = VmlinuxElf.ET_EXEC;
    public int machine = VmlinuxElf.EM_X86_64;
    public int phentsize = VmlinuxElf.PHDR_SIZE;
    public long phoff = VmlinuxElf.EHDR_SIZE;
    public long entry = 0x1000000;
    /** The file's length; headers or segments past it are cut off. */
    public int size = 0x3000;
    public final List<Phdr> phdrs = new ArrayList<>();

    /** Two segments like a kernel's text and data: 0x1000000 (0x800 bytes) and 0x1200000 (0x400 bytes + 0x600 zeros), and a note. */
    public static SyntheticElf kernelLike() {
        SyntheticElf e = new SyntheticElf();
        e.phdrs.add(new Phdr(VmlinuxElf.PT_LOAD, 0x1000, 0x1000000, 0x800, 0x800, (byte) 0xA1));
        e.phdrs.add(new Phdr(VmlinuxElf.PT_LOAD, 0x2000, 0x1200000, 0x400, 0xA00, (byte) 0xB2));
        e.phdrs.add(new Phdr(4, 0x1100, 0x1000100, 0x20, 0x20, (byte) 0));
        return e;
    }

    public byte[] build() {
        byte[] b = new byte[Math.max(size, 0x4000)];
        ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0, 0x464C457F);
        h.put(4, (byte) elfClass);
        h.put(5, (byte) data);
        h.put(6, (byte) 1);
        h.putShort(0x10, (short) type);
        h.putShort(0x12, (short) machine);
        h.putInt(0x14, 1);
        h.putLong(0x18, entry);
        h.putLong(0x20, phoff);
        h.putShort(0x34, (short) VmlinuxElf.EHDR_SIZE);
        h.putShort(0x36, (short) phentsize);
        h.putShort(0x38, (short) phdrs.size());
        for (int i = 0; i < phdrs.size(); i++) {
            Phdr p = phdrs.get(i);
            int at = (int) phoff + i * VmlinuxElf.PHDR_SIZE;
            h.putInt(at, p.type());
            h.putInt(at + 4, 5);
            h.putLong(at + 0x08, p.offset());
            h.putLong(at + 0x10, 0xFFFFFFFF80000000L + p.paddr());
            h.putLong(at + 0x18, p.paddr());
            h.putLong(at + 0x20, p.filesz());
            h.putLong(at + 0x28, p.memsz());
            h.putLong(at + 0x30, 0x200000);
            if (p.type() == VmlinuxElf.PT_LOAD) {
                for (long j = 0; j < p.filesz() && p.offset() + j < b.length; j++) {
                    b[(int) (p.offset() + j)] = (byte) (p.fill() + j);
                }
            }
        }
        return Arrays.copyOf(b, size);
    }
}
