package io.jvtpm.examples.boot.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.examples.boot.BootException;
import io.jvtpm.engine.testing.Peers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tukaani.xz.FilterOptions;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.X86Options;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;

class KernelPayloadTest {

    /** xz as the kernel's build makes it (x86 BCJ filter, LZMA2, CRC-32 check) followed by the size, as mkpiggy reads it. */
    static byte[] kernelXz(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XZOutputStream xz = new XZOutputStream(out, new FilterOptions[] {new X86Options(), new LZMA2Options()}, XZ.CHECK_CRC32)) {
            xz.write(data);
        }
        out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(data.length).array());
        return out.toByteArray();
    }

    /** gzip, whose own trailer ends with the size. */
    static byte[] kernelGzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static BzImage withPayload(byte[] payload) throws BootException {
        SyntheticBzImage s = new SyntheticBzImage();
        s.payload = payload;
        return BzImage.parse("k", s.build());
    }

    @Test
    void decompressesXzAndGzipPayloads() throws Exception {
        byte[] elf = SyntheticElf.kernelLike().build();
        for (byte[] payload : new byte[][] {kernelXz(elf), kernelGzip(elf)}) {
            KernelPayload p = KernelPayload.of(withPayload(payload)).orElseThrow();
            assertTrue(p.format().supported());
            assertEquals(elf.length, p.uncompressedSize());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            p.decompressTo(out);
            assertArrayEquals(elf, out.toByteArray());
        }
        assertEquals(KernelPayload.Format.XZ, KernelPayload.of(withPayload(kernelXz(elf))).orElseThrow().format());
        assertEquals(KernelPayload.Format.GZIP, KernelPayload.of(withPayload(kernelGzip(elf))).orElseThrow().format());
    }

    @ParameterizedTest
    @CsvSource({
        "1f8b0800000000000003, GZIP", "fd377a585a0000000000, XZ", "425a6839314159265359, BZIP2",
        "5d000000040000000000, LZMA", "894c5a4f000d0a1a0a00, LZO", "02214c18000000000000, LZ4",
        "28b52ffd000000000000, ZSTD", "00000000000000000000, UNKNOWN"})
    void namesTheFormatByItsMagic(String head, KernelPayload.Format format) {
        assertEquals(format, KernelPayload.format(HexFormat.of().parseHex(head), 0));
        assertEquals(format == KernelPayload.Format.GZIP || format == KernelPayload.Format.XZ, format.supported());
    }

    @Test
    void corruptPayloadsAreErrors() throws Exception {
        byte[] elf = SyntheticElf.kernelLike().build();
        byte[] xz = kernelXz(elf);
        xz[xz.length / 2] ^= 0x10;
        KernelPayload flipped = KernelPayload.of(withPayload(xz)).orElseThrow();
        assertThrows(IOException.class, () -> flipped.decompressTo(OutputStream.nullOutputStream()));

        byte[] wrongSize = kernelXz(elf);
        ByteBuffer.wrap(wrongSize).order(ByteOrder.LITTLE_ENDIAN).putInt(wrongSize.length - 4, elf.length + 1);
        IOException e = assertThrows(IOException.class,
                () -> KernelPayload.of(withPayload(wrongSize)).orElseThrow().decompressTo(OutputStream.nullOutputStream()));
        assertTrue(e.getMessage().contains("its trailer gives " + (elf.length + 1)), e.getMessage());

        byte[] zstd = Arrays.copyOf(HexFormat.of().parseHex("28b52ffd"), 64);
        zstd[60] = 1;
        KernelPayload z = KernelPayload.of(withPayload(zstd)).orElseThrow();
        assertFalse(z.format().supported());
        assertThrows(IOException.class, () -> z.decompressTo(OutputStream.nullOutputStream()));
    }

    @Test
    void noPayloadFieldsOrOnesOutsideTheFileGiveNone() throws Exception {
        SyntheticBzImage oldest = new SyntheticBzImage();
        oldest.version = 0x020C;
        oldest.payload = kernelGzip(new byte[100]);
        assertTrue(KernelPayload.of(BzImage.parse("k", oldest.build())).isPresent(), "the oldest protocol jvtpm boots has the fields");
        // payload_length 0: no payload
        assertTrue(KernelPayload.of(BzImage.parse("k", new SyntheticBzImage().build())).isEmpty());
        SyntheticBzImage outside = new SyntheticBzImage();
        outside.payload = kernelGzip(new byte[100]);
        byte[] b = outside.build();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(0x24C, 0x100000);
        assertTrue(KernelPayload.of(BzImage.parse("k", b)).isEmpty());
    }

    @Test
    @Tag("peer")
    void theInstalledDebianKernelDecompressesToAVmlinux() throws Exception {
        Path kernel = Peers.linuxKernel();
        BzImage k = BzImage.load(kernel);
        KernelPayload p = KernelPayload.of(k).orElseThrow();
        assertTrue(p.format().supported(), "Debian compresses its kernel with xz, got " + p.format());
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) p.uncompressedSize());
        p.decompressTo(out);
        VmlinuxElf elf = VmlinuxElf.parse(kernel.toString(), out.toByteArray());
        assertEquals(k.header().prefAddress(), elf.lowestAddress(), "the kernel is linked at its preferred address");
        assertEquals(k.header().prefAddress(), elf.entry(), "startup_64 is the first byte of .text");
        assertTrue(elf.end() <= k.header().prefAddress() + k.header().initSize(), "init_size covers the loaded kernel");
    }
}
