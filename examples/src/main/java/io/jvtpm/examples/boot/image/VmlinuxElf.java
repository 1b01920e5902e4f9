package io.jvtpm.examples.boot.image;

import io.jvtpm.examples.boot.BootException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An uncompressed x86-64 Linux kernel (vmlinux, what a bzImage's payload decompresses to) as an
 * ELF-64 executable: its PT_LOAD segments at their physical addresses and its physical entry
 * point, {@code startup_64}, which the 64-bit boot protocol enters with RSI = the zero page
 * (System V gABI "ELF Header" and "Program Header"; boot.rst "64-bit Boot Protocol").
 */
public record VmlinuxElf(long entry, List<LoadSegment> segments, long fileSize) {

    /** One PT_LOAD program header: {@code fileSize} bytes from {@code fileOffset}, then zeros up to {@code memorySize}. */
    public record LoadSegment(long physicalAddress, long fileOffset, long fileSize, long memorySize) {

        public long end() {
            return physicalAddress + memorySize;
        }
    }

    /** Where the loaded bytes go: a writable view of guest memory at a guest-physical address. */
    @FunctionalInterface
    public interface GuestMemoryView {
        ByteBuffer at(long guestPhysical, int length);
    }

    static final int EHDR_SIZE = 64;
    static final int PHDR_SIZE = 56;
    static final int ET_EXEC = 2;
    static final int EM_X86_64 = 62;
    static final int PT_LOAD = 1;
    /** More program headers than any kernel has; bounds what a damaged header can make us read. */
    static final int MAX_PHDRS = 64;
    private static final int ZERO_CHUNK = 1 << 16;
    private static final int PAGE = 4096;
    /** Zeros to compare pages with and to clear segment tails from; never written. */
    private static final byte[] ZEROS = new byte[ZERO_CHUNK];
    private static final int CHUNK = 1 << 20;

    public VmlinuxElf {
        segments = List.copyOf(segments);
    }

    /** The lowest physical address a segment is loaded at. */
    public long lowestAddress() {
        return segments.stream().mapToLong(LoadSegment::physicalAddress).min().orElseThrow();
    }

    /** The end of the highest segment in memory. */
    public long end() {
        return segments.stream().mapToLong(LoadSegment::end).max().orElseThrow();
    }

    /** Reads and checks the headers of the ELF file behind {@code channel}; {@code name} is used in error messages. */
    public static VmlinuxElf read(String name, FileChannel channel) throws BootException, IOException {
        return read(name, channel.size(), (position, length) -> readFully(channel, position, length));
    }

    /** Checks the headers of an ELF image held in memory. */
    public static VmlinuxElf parse(String name, byte[] image) throws BootException {
        try {
            return read(name, image.length,
                    (position, length) -> ByteBuffer.wrap(image, (int) position, length).slice().order(ByteOrder.LITTLE_ENDIAN));
        } catch (IOException e) {
            throw new IllegalStateException("reading an array", e);
        }
    }

    /** Little-endian bytes at a position of the file, as many as it has up to {@code length}. */
    @FunctionalInterface
    private interface HeaderSource {
        ByteBuffer at(long position, int length) throws IOException;
    }

    /** The ELF header, then the program header table where the header places it inside the file. */
    private static VmlinuxElf read(String name, long size, HeaderSource file) throws BootException, IOException {
        ByteBuffer ehdr = file.at(0, (int) Math.min(size, EHDR_SIZE));
        ByteBuffer phdrs = null;
        if (ehdr.limit() == EHDR_SIZE) {
            long phoff = ehdr.getLong(0x20);
            int phnum = Short.toUnsignedInt(ehdr.getShort(0x38));
            if (phnum > 0 && phnum <= MAX_PHDRS && phoff >= EHDR_SIZE && phoff + (long) phnum * PHDR_SIZE <= size) {
                phdrs = file.at(phoff, phnum * PHDR_SIZE);
            }
        }
        return parse(name, ehdr, phdrs, size);
    }

    private static VmlinuxElf parse(String name, ByteBuffer e, ByteBuffer phdrs, long size) throws BootException {
        String what = name + " is not an x86-64 vmlinux: ";
        checkHeader(what, e, size);
        if (phdrs == null) {
            throw new BootException(what + "its program header table is missing or lies outside the file");
        }
        List<LoadSegment> loads = loadSegments(what, phdrs, size);
        if (loads.isEmpty()) {
            throw new BootException(what + "no PT_LOAD segment");
        }
        checkNoOverlap(what, loads);
        long entry = e.getLong(0x18);
        if (loads.stream().noneMatch(s -> entry >= s.physicalAddress() && entry < s.physicalAddress() + s.fileSize())) {
            throw new BootException(what + String.format("entry point 0x%x is in no loaded segment", entry));
        }
        return new VmlinuxElf(entry, loads, size);
    }

    /** A little-endian ELF-64 x86-64 executable header with program headers of the ELF-64 size. */
    private static void checkHeader(String what, ByteBuffer e, long size) throws BootException {
        if (e.limit() < EHDR_SIZE) {
            throw new BootException(what + "only " + size + " bytes, too short for an ELF header");
        }
        if (e.getInt(0) != 0x464C457F) {
            throw new BootException(what + "no ELF magic");
        }
        if (e.get(4) != 2 || e.get(5) != 1) {
            throw new BootException(what + "not a little-endian ELF-64 file");
        }
        int type = Short.toUnsignedInt(e.getShort(0x10));
        int machine = Short.toUnsignedInt(e.getShort(0x12));
        if (type != ET_EXEC || machine != EM_X86_64) {
            throw new BootException(what + "e_type " + type + ", e_machine " + machine + " (want an x86-64 executable)");
        }
        if (Short.toUnsignedInt(e.getShort(0x36)) != PHDR_SIZE) {
            throw new BootException(what + "program headers of " + Short.toUnsignedInt(e.getShort(0x36)) + " bytes");
        }
    }

    /** The non-empty PT_LOAD segments, each inside the file and without address wrap-around. */
    private static List<LoadSegment> loadSegments(String what, ByteBuffer phdrs, long size) throws BootException {
        List<LoadSegment> loads = new ArrayList<>();
        for (int at = 0; at < phdrs.limit(); at += PHDR_SIZE) {
            if (phdrs.getInt(at) != PT_LOAD) {
                continue;
            }
            long offset = phdrs.getLong(at + 0x08);
            long paddr = phdrs.getLong(at + 0x18);
            long filesz = phdrs.getLong(at + 0x20);
            long memsz = phdrs.getLong(at + 0x28);
            if (offset < 0 || filesz < 0 || filesz > memsz || memsz > Integer.MAX_VALUE || offset + filesz > size
                    || paddr < 0 || paddr + memsz < paddr) {
                throw new BootException(what + String.format("PT_LOAD at offset 0x%x (%d of %d bytes, at 0x%x) does not fit",
                        offset, filesz, memsz, paddr));
            }
            if (memsz > 0) {
                loads.add(new LoadSegment(paddr, offset, filesz, memsz));
            }
        }
        return loads;
    }

    private static void checkNoOverlap(String what, List<LoadSegment> loads) throws BootException {
        for (int i = 0; i < loads.size(); i++) {
            for (int j = i + 1; j < loads.size(); j++) {
                LoadSegment a = loads.get(i);
                LoadSegment b = loads.get(j);
                if (a.physicalAddress() < b.end() && b.physicalAddress() < a.end()) {
                    throw new BootException(what + String.format("segments at 0x%x and 0x%x overlap", a.physicalAddress(),
                            b.physicalAddress()));
                }
            }
        }
    }

    /**
     * Copies every segment from {@code channel} (the file these headers came from) into guest
     * memory and zeroes the rest of each. With {@code memoryIsZero} (fresh guest RAM) the file's
     * all-zero pages are not written: a kernel's .bss and .brk are mostly such pages, and leaving
     * them untouched spares the host a page fault for each.
     */
    public void load(FileChannel channel, GuestMemoryView memory, boolean memoryIsZero) throws IOException {
        byte[] chunk = memoryIsZero ? new byte[CHUNK] : null;
        for (LoadSegment s : segments) {
            ByteBuffer dst = memory.at(s.physicalAddress(), (int) s.memorySize());
            if (memoryIsZero) {
                copySkippingZeroPages(channel, s, dst, chunk);
                continue;
            }
            ByteBuffer file = dst.duplicate().limit((int) s.fileSize());
            for (long pos = s.fileOffset(); file.hasRemaining(); ) {
                int n = channel.read(file, pos);
                if (n < 0) {
                    throw cutShort(s);
                }
                pos += n;
            }
            for (int i = (int) s.fileSize(); i < s.memorySize(); i += ZERO_CHUNK) {
                dst.put(i, ZEROS, 0, (int) Math.min(ZERO_CHUNK, s.memorySize() - i));
            }
        }
    }

    private static void copySkippingZeroPages(FileChannel channel, LoadSegment s, ByteBuffer dst, byte[] chunk)
            throws IOException {
        for (long done = 0; done < s.fileSize(); ) {
            int len = (int) Math.min(chunk.length, s.fileSize() - done);
            ByteBuffer into = ByteBuffer.wrap(chunk, 0, len);
            while (into.hasRemaining()) {
                if (channel.read(into, s.fileOffset() + done + into.position()) < 0) {
                    throw cutShort(s);
                }
            }
            for (int page = 0; page < len; page += PAGE) {
                int n = Math.min(PAGE, len - page);
                if (Arrays.mismatch(chunk, page, page + n, ZEROS, 0, n) >= 0) {
                    dst.put((int) done + page, chunk, page, n);
                }
            }
            done += len;
        }
    }

    private static IOException cutShort(LoadSegment s) {
        return new IOException("the file ended inside the segment at 0x" + Long.toHexString(s.physicalAddress()));
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (channel.read(b, position + b.position()) < 0) {
                break;
            }
        }
        return b.flip();
    }
}
