package io.jvtpm.crb.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CRB data buffer (PTP section 6.5.3.16): little-endian access, command extraction, wiping. */
class CommandBufferTest {

    @Test
    void littleEndianAccessOfEverySize() {
        CommandBuffer b = new CommandBuffer(64);
        b.write(0, 8, 0x0807060504030201L);
        assertEquals(0x01L, b.read(0, 1));
        assertEquals(0x0302L, b.read(1, 2));
        assertEquals(0x06050403L, b.read(2, 4));
        assertEquals(0x0908070605040302L & 0x00FF_FFFF_FFFF_FFFFL, b.read(1, 7));
        b.write(13, 3, 0xAABBCCL);
        assertEquals(0xAABBCCL, b.read(13, 3));
        b.write(63, 1, 0x1FFL);
        assertEquals(0xFFL, b.read(63, 1), "only the low byte is written");
    }

    /** commandSize in the header, what is sent (at least a header, at most the limit). */
    @ParameterizedTest(name = "commandSize {0}, limit {1} -> {2} bytes")
    @CsvSource({"12,4096,12", "3,4096,10", "0,4096,10", "5000,64,64", "4294967295,64,64", "20,16,16"})
    void commandLength(long size, int limit, int sent) {
        CommandBuffer b = new CommandBuffer(64);
        b.write(2, 4, Integer.reverseBytes((int) size) & 0xFFFF_FFFFL);
        assertEquals(size, b.headerSize());
        assertEquals(sent, b.command(limit).length);
    }

    @Test
    void wipeClearsWhatWasWrittenAndTheResponse() {
        CommandBuffer b = new CommandBuffer(128);
        b.write(100, 8, -1L);
        b.putResponse(new byte[] {1, 2, 3});
        b.wipe();
        for (int i = 0; i < 128; i += 8) {
            assertEquals(0L, b.read(i, 8));
        }
    }

    @Test
    void aViewSharesBytesAndMakesWipesWhole() {
        CommandBuffer b = new CommandBuffer(32);
        ByteBuffer v = b.view();
        v.putLong(24, -1L);
        assertEquals(-1L, b.read(24, 8));
        b.wipe();
        assertEquals(0L, v.getLong(24));
        b.putResponse(new byte[] {9, 8});
        assertArrayEquals(new byte[] {9, 8}, new byte[] {v.get(0), v.get(1)});
    }
}
