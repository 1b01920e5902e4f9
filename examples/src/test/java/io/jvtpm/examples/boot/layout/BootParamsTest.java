package io.jvtpm.examples.boot.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.examples.boot.BootException;
import io.jvtpm.engine.testing.Golden;
import io.jvtpm.examples.boot.image.BzImage;
import io.jvtpm.examples.boot.image.SyntheticBzImage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

class BootParamsTest {

    @Test
    void zeroPageMatchesGoldenBytes() throws BootException, IOException {
        BzImage k = BzImage.parse("k", new SyntheticBzImage().build());
        GuestMemoryLayout l = GuestMemoryLayout.plan(5L << 30, k, 12345678, 37);
        byte[] page = BootParams.build(k, l, GuestMemoryLayout.RSDP_ADDRESS);
        Golden.checkText("boot_params-5G-initrd.hex", Golden.hexDump(page));

        ByteBuffer b = ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(4096, page.length);
        assertEquals(0xFF, b.get(0x210) & 0xFF, "type_of_loader");
        assertEquals(0x81, b.get(0x211) & 0xFF, "loadflags LOADED_HIGH | CAN_USE_HEAP");
        assertEquals(0xFE00, b.getShort(0x224) & 0xFFFF, "heap_end_ptr");
        assertEquals(0x20000, b.getInt(0x228), "cmd_line_ptr");
        assertEquals((int) l.initrdAddress(), b.getInt(0x218), "ramdisk_image");
        assertEquals(12345678, b.getInt(0x21C), "ramdisk_size");
        assertEquals(0, b.getInt(0x0C0), "ext_ramdisk_image");
        assertEquals(0xE0000L, b.getLong(0x070), "acpi_rsdp_addr");
        assertEquals(7, b.get(0x1E8), "e820_entries");
        assertEquals(0x100000000L, b.getLong(0x2D0 + 6 * 20), "last e820 entry is RAM above 4 GiB");
        assertEquals(2L << 30, b.getLong(0x2D0 + 6 * 20 + 8));
        assertEquals(1, b.getInt(0x2D0 + 6 * 20 + 16));
        assertEquals(0xAA55, b.getShort(0x1FE) & 0xFFFF, "the kernel's header was copied");
        assertEquals(0x53726448, b.getInt(0x202));
    }

    @Test
    void olderProtocolGetsNoRsdpAddress() throws BootException {
        SyntheticBzImage s = new SyntheticBzImage();
        s.version = 0x020D;
        BzImage k = BzImage.parse("k", s.build());
        byte[] page = BootParams.build(k, GuestMemoryLayout.plan(64L << 20, k, 0, 0), 0xE0000);
        assertEquals(0, ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN).getLong(0x070));
    }
}
