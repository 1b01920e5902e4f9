package io.jvtpm.examples.boot.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VmlinuxElfTest {

    @Test
    void readsTheLoadSegments(@TempDir Path dir) throws Exception {
        byte[] image = SyntheticElf.kernelLike().build();
        VmlinuxElf fromBytes = VmlinuxElf.parse("k", image);
        Path file = dir.resolve("vmlinux");
        Files.write(file, image);
        VmlinuxElf elf;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            elf = VmlinuxElf.read("k", ch);
        }
        assertEquals(fromBytes, elf);
        assertEquals(0x1000000, elf.entry());
        assertEquals(List.of(new VmlinuxElf.LoadSegment(0x1000000, 0x1000, 0x800, 0x800),
                new VmlinuxElf.LoadSegment(0x1200000, 0x2000, 0x400, 0xA00)), elf.segments());
        assertEquals(0x1000000, elf.lowestAddress());
        assertEquals(0x1200A00, elf.end());
        assertEquals(image.length, elf.fileSize());
    }

    @Test
    void loadsSegmentsAndZeroesTheirTails(@TempDir Path dir) throws Exception {
        byte[] image = SyntheticElf.kernelLike().build();
        Path file = dir.resolve("vmlinux");
        Files.write(file, image);
        long base = 0x1000000;
        byte[] ram = new byte[0x300000];
        Arrays.fill(ram, (byte) 0x5A);  // what a previous boot left
        VmlinuxElf.GuestMemoryView view = (gpa, len) -> ByteBuffer.wrap(ram, (int) (gpa - base), len).slice();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            VmlinuxElf.read("k", ch).load(ch, view, false);
        }
        assertEquals(Arrays.toString(Arrays.copyOfRange(image, 0x1000, 0x1800)), Arrays.toString(Arrays.copyOfRange(ram, 0, 0x800)));
        assertEquals(0x5A, ram[0x800], "nothing is written between segments");
        assertEquals(Arrays.toString(Arrays.copyOfRange(image, 0x2000, 0x2400)),
                Arrays.toString(Arrays.copyOfRange(ram, 0x200000, 0x200400)));
        for (int i = 0x200400; i < 0x200A00; i++) {
            assertEquals(0, ram[i], "bss at +0x" + Integer.toHexString(i));
        }
        assertEquals(0x5A, ram[0x200A00]);
    }

    @Test
    void onFreshMemoryZeroPagesAreNotWritten(@TempDir Path dir) throws Exception {
        SyntheticElf e = new SyntheticElf();
        e.size = 0x5000;
        e.phdrs.add(new SyntheticElf.Phdr(VmlinuxElf.PT_LOAD, 0x1000, 0x1000000, 0x3000, 0x3800, (byte) 1));
        byte[] image = e.build();
        Arrays.fill(image, 0x2000, 0x3000, (byte) 0);  // the middle page is all zero in the file
        Path file = dir.resolve("vmlinux");
        Files.write(file, image);
        // marked so that what is left unwritten shows (a caller passes memoryIsZero only for zeroed RAM)
        byte[] ram = new byte[0x4000];
        Arrays.fill(ram, (byte) 0x5A);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            VmlinuxElf.read("k", ch).load(ch, (gpa, len) -> ByteBuffer.wrap(ram, (int) (gpa - 0x1000000), len).slice(), true);
        }
        assertEquals(Arrays.toString(Arrays.copyOfRange(image, 0x1000, 0x2000)), Arrays.toString(Arrays.copyOfRange(ram, 0, 0x1000)));
        for (int i = 0x1000; i < 0x2000; i++) {
            assertEquals(0x5A, ram[i], "the zero page is skipped");
        }
        assertEquals(Arrays.toString(Arrays.copyOfRange(image, 0x3000, 0x4000)),
                Arrays.toString(Arrays.copyOfRange(ram, 0x2000, 0x3000)));
        assertEquals(0x5A, ram[0x3000], "the tail of fresh memory is left as it is");
    }

    @Test
    void aFileCutShortIsAnError(@TempDir Path dir) throws Exception {
        byte[] image = SyntheticElf.kernelLike().build();
        Path file = dir.resolve("vmlinux");
        Files.write(file, image);
        VmlinuxElf elf;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            elf = VmlinuxElf.read("k", ch);
        }
        Files.write(file, Arrays.copyOf(image, 0x2100));
        byte[] ram = new byte[0x300000];
        for (boolean fresh : new boolean[] {false, true}) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                IOException e = assertThrows(IOException.class,
                        () -> elf.load(ch, (gpa, len) -> ByteBuffer.wrap(ram, (int) (gpa - 0x1000000), len).slice(), fresh));
                assertTrue(e.getMessage().contains("0x1200000"), e.getMessage());
            }
        }
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                bad(e -> e.size = 40, "too short for an ELF header"),
                bad(e -> e.elfClass = 1, "not a little-endian ELF-64"),
                bad(e -> e.data = 2, "not a little-endian ELF-64"),
                bad(e -> e.type = 3, "e_type 3"),
                bad(e -> e.machine = 3, "e_machine 3"),
                bad(e -> e.phentsize = 32, "program headers of 32 bytes"),
                bad(e -> e.phoff = 0x2FF0, "program header table is missing"),
                bad(e -> e.phdrs.clear(), "program header table is missing"),
                bad(e -> e.phdrs.replaceAll(p -> new SyntheticElf.Phdr(4, p.offset(), p.paddr(), p.filesz(), p.memsz(), p.fill())),
                        "no PT_LOAD"),
                bad(e -> e.phdrs.set(1, new SyntheticElf.Phdr(1, 0x2000, 0x1200000, 0x1400, 0x1400, (byte) 1)),
                        "does not fit"),
                bad(e -> e.phdrs.set(1, new SyntheticElf.Phdr(1, 0x2000, 0x1200000, 0x400, 0x200, (byte) 1)),
                        "does not fit"),
                bad(e -> e.phdrs.set(1, new SyntheticElf.Phdr(1, 0x2000, 0x1000400, 0x400, 0x400, (byte) 1)),
                        "overlap"),
                bad(e -> e.entry = 0x1000800, "entry point 0x1000800 is in no loaded segment"));
    }

    private static Arguments bad(Consumer<SyntheticElf> change, String message) {
        SyntheticElf e = SyntheticElf.kernelLike();
        change.accept(e);
        return Arguments.of(e.build(), message);
    }

    @ParameterizedTest
    @MethodSource("badFiles")
    void rejectsWhatIsNotAKernelElf(byte[] image, String message) {
        KernelRejections.assertRejected(() -> VmlinuxElf.parse("cached", image), "cached is not an x86-64 vmlinux", message);
    }
}
