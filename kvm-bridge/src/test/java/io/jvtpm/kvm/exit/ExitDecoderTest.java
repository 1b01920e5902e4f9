package io.jvtpm.kvm.exit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.jvtpm.kvm.sys.KvmLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ExitDecoderTest {
    static final int MAP = 3 * 4096;

    static ByteBuffer run(int reason) {
        ByteBuffer b = ByteBuffer.allocateDirect(MAP).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(KvmLayout.RUN_EXIT_REASON, reason);
        return b;
    }

    static ByteBuffer io(int dir, int size, int port, int count, long dataOffset) {
        ByteBuffer b = run(2);
        b.put(KvmLayout.RUN_IO_DIRECTION, (byte) dir);
        b.put(KvmLayout.RUN_IO_SIZE, (byte) size);
        b.putShort(KvmLayout.RUN_IO_PORT, (short) port);
        b.putInt(KvmLayout.RUN_IO_COUNT, count);
        b.putLong(KvmLayout.RUN_IO_DATA_OFFSET, dataOffset);
        return b;
    }

    static ByteBuffer mmio(long addr, int len, boolean write, long data) {
        ByteBuffer b = run(6);
        b.putLong(KvmLayout.RUN_MMIO_PHYS_ADDR, addr);
        b.putLong(KvmLayout.RUN_MMIO_DATA, data);
        b.putInt(KvmLayout.RUN_MMIO_LEN, len);
        b.put(KvmLayout.RUN_MMIO_IS_WRITE, (byte) (write ? 1 : 0));
        return b;
    }

    static Stream<Arguments> ioCases() {
        return Stream.of(
                Arguments.of(0, 1, 0x3F8, 1, 4096, new IoExit(IoDirection.IN, 1, 0x3F8, 1, 4096)),
                Arguments.of(1, 2, 0xB2, 1, 4096, new IoExit(IoDirection.OUT, 2, 0xB2, 1, 4096)),
                Arguments.of(1, 4, 0xCFC, 1, 4096, new IoExit(IoDirection.OUT, 4, 0xCFC, 1, 4096)),
                Arguments.of(0, 4, 0xFFFF, 7, 4096, new IoExit(IoDirection.IN, 4, 0xFFFF, 7, 4096)),
                Arguments.of(1, 1, 0x80, 4096, 4096, new IoExit(IoDirection.OUT, 1, 0x80, 4096, 4096)),
                Arguments.of(1, 3, 0x80, 1, 4096, new MalformedExit(2, "I/O size 3")),
                Arguments.of(1, 8, 0x80, 1, 4096, new MalformedExit(2, "I/O size 8")),
                Arguments.of(2, 1, 0x80, 1, 4096, new MalformedExit(2, "I/O direction 2")),
                Arguments.of(1, 1, 0x80, 0, 4096, new MalformedExit(2, "I/O count 0")),
                Arguments.of(1, 4, 0x80, 2049, 4096,
                        new MalformedExit(2, "I/O data offset 4096 for 2049 x 4 bytes in a 12288-byte mapping")),
                Arguments.of(1, 1, 0x80, 1, 100,
                        new MalformedExit(2, "I/O data offset 100 for 1 x 1 bytes in a 12288-byte mapping")));
    }

    @ParameterizedTest
    @MethodSource("ioCases")
    void portIo(int dir, int size, int port, int count, long dataOffset, VmExit expected) {
        assertEquals(expected, ExitDecoder.decode(io(dir, size, port, count, dataOffset)));
    }

    static Stream<Arguments> mmioCases() {
        return Stream.of(
                Arguments.of(0xFED40000L, 1, false, 0x1122334455667788L, new MmioExit(0xFED40000L, 1, false, 0)),
                Arguments.of(0xFED40018L, 4, false, 0, new MmioExit(0xFED40018L, 4, false, 0)),
                Arguments.of(0xFED40024L, 1, true, 0x1122334455667788L, new MmioExit(0xFED40024L, 1, true, 0x88)),
                Arguments.of(0xFED40024L, 2, true, 0x1122334455667788L, new MmioExit(0xFED40024L, 2, true, 0x7788)),
                Arguments.of(0xFED40024L, 4, true, 0x1122334455667788L,
                        new MmioExit(0xFED40024L, 4, true, 0x55667788L)),
                Arguments.of(0xFFFFFFFFFFFFFFF8L, 8, true, 0x8877665544332211L,
                        new MmioExit(0xFFFFFFFFFFFFFFF8L, 8, true, 0x8877665544332211L)),
                Arguments.of(0x1000L, 3, true, 0xAABBCCDDL, new MmioExit(0x1000L, 3, true, 0xBBCCDD)),
                Arguments.of(0x1000L, 0, false, 0, new MalformedExit(6, "MMIO length 0")),
                Arguments.of(0x1000L, 9, true, 0, new MalformedExit(6, "MMIO length 9")),
                Arguments.of(0x1000L, -1, true, 0, new MalformedExit(6, "MMIO length 4294967295")));
    }

    @ParameterizedTest
    @MethodSource("mmioCases")
    void mmio(long addr, int len, boolean write, long data, VmExit expected) {
        assertEquals(expected, ExitDecoder.decode(mmio(addr, len, write, data)));
    }

    @Test
    void simpleExits() {
        assertEquals(new HaltExit(), ExitDecoder.decode(run(5)));
        assertEquals(new ShutdownExit(), ExitDecoder.decode(run(8)));
        assertEquals(new InterruptedExit(), ExitDecoder.decode(run(10)));
        assertEquals(new UnknownExit(0), ExitDecoder.decode(run(0)));
        assertEquals(new UnknownExit(7), ExitDecoder.decode(run(7)));
        assertEquals(new UnknownExit(-5), ExitDecoder.decode(run(-5)));
    }

    @Test
    void failEntry() {
        ByteBuffer b = run(9);
        b.putLong(KvmLayout.RUN_FAIL_ENTRY_REASON, 0x80000021L);
        b.putInt(KvmLayout.RUN_FAIL_ENTRY_CPU, 3);
        assertEquals(new FailEntryExit(0x80000021L, 3), ExitDecoder.decode(b));
    }

    @Test
    void internalErrorCarriesAtMostSixteenWords() {
        ByteBuffer b = run(17);
        b.putInt(KvmLayout.RUN_INTERNAL_SUBERROR, InternalErrorExit.EMULATION);
        b.putInt(KvmLayout.RUN_INTERNAL_NDATA, 2);
        b.putLong(KvmLayout.RUN_INTERNAL_DATA, 0xAA);
        b.putLong(KvmLayout.RUN_INTERNAL_DATA + 8, 0xBB);
        assertEquals(new InternalErrorExit(1, List.of(0xAAL, 0xBBL)), ExitDecoder.decode(b));
        b.putInt(KvmLayout.RUN_INTERNAL_NDATA, 1000);
        assertEquals(16, ((InternalErrorExit) ExitDecoder.decode(b)).data().size());
    }

    @Test
    void systemEvent() {
        ByteBuffer b = run(24);
        b.putInt(KvmLayout.RUN_SYSTEM_EVENT_TYPE, 2);
        b.putInt(KvmLayout.RUN_SYSTEM_EVENT_NDATA, 1);
        b.putLong(KvmLayout.RUN_SYSTEM_EVENT_DATA, 0x77);
        SystemEventExit e = (SystemEventExit) ExitDecoder.decode(b);
        assertEquals(SystemEventType.RESET, e.type());
        assertEquals(List.of(0x77L), e.data());
        b.putInt(KvmLayout.RUN_SYSTEM_EVENT_TYPE, 99);
        assertEquals(SystemEventType.OTHER, ((SystemEventExit) ExitDecoder.decode(b)).type());
    }

    @Test
    void shortOrBigEndianBuffers() {
        assertInstanceOf(MalformedExit.class, ExitDecoder.decode(ByteBuffer.allocate(100)));
        ByteBuffer big = ByteBuffer.allocate(MAP);
        big.order(ByteOrder.LITTLE_ENDIAN).putInt(KvmLayout.RUN_EXIT_REASON, 5);
        big.order(ByteOrder.BIG_ENDIAN);
        assertEquals(new HaltExit(), ExitDecoder.decode(big));
    }
}
