package io.jvtpm.kvm.vcpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.kvm.bus.MmioBus;
import io.jvtpm.kvm.bus.PioBus;
import io.jvtpm.kvm.exit.IoDirection;
import io.jvtpm.kvm.exit.IoExit;
import io.jvtpm.kvm.sys.KvmLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExitDispatcherTest {
    private final MmioBus mmio = new MmioBus();
    private final PioBus pio = new PioBus();
    private final ExitDispatcher d = new ExitDispatcher(mmio, pio);
    private final ByteBuffer run = ByteBuffer.allocateDirect(3 * 4096).order(ByteOrder.LITTLE_ENDIAN);

    private void io(int dir, int size, int port, int count) {
        run.putInt(KvmLayout.RUN_EXIT_REASON, 2);
        run.put(KvmLayout.RUN_IO_DIRECTION, (byte) dir);
        run.put(KvmLayout.RUN_IO_SIZE, (byte) size);
        run.putShort(KvmLayout.RUN_IO_PORT, (short) port);
        run.putInt(KvmLayout.RUN_IO_COUNT, count);
        run.putLong(KvmLayout.RUN_IO_DATA_OFFSET, 4096);
    }

    @Test
    void repOutsDeliversEveryItem() {
        List<Long> got = new ArrayList<>();
        pio.register("p", 0x80, 2, (o, s) -> 0, (o, s, v) -> got.add(v));
        io(1, 2, 0x80, 3);
        run.putShort(4096, (short) 0x1111).putShort(4098, (short) 0x2222).putShort(4100, (short) 0x3333);
        assertEquals(new IoExit(IoDirection.OUT, 2, 0x80, 3, 4096), d.dispatch(run));
        assertEquals(List.of(0x1111L, 0x2222L, 0x3333L), got);
    }

    @Test
    void portReadsLandInTheDataArea() {
        int[] n = {0};
        pio.register("p", 0xCFC, 4, (o, s) -> 0xA0B0C0D0L + n[0]++, (o, s, v) -> { });
        io(0, 4, 0xCFC, 2);
        d.dispatch(run);
        assertEquals(0xA0B0C0D0, run.getInt(4096));
        assertEquals(0xA0B0C0D1, run.getInt(4100));
        io(0, 1, 0x60, 1);
        d.dispatch(run);
        assertEquals((byte) 0xFF, run.get(4096), "nobody at port 0x60");
    }

    @Test
    void mmioReadAndWrite() {
        List<String> got = new ArrayList<>();
        mmio.register("tis", 0xFED40000L, 0x5000, (o, s) -> 0x81, (o, s, v) -> got.add(o + ":" + s + ":" + v));
        run.putInt(KvmLayout.RUN_EXIT_REASON, 6);
        run.putLong(KvmLayout.RUN_MMIO_PHYS_ADDR, 0xFED40018L);
        run.putInt(KvmLayout.RUN_MMIO_LEN, 1);
        run.put(KvmLayout.RUN_MMIO_IS_WRITE, (byte) 0);
        run.putLong(KvmLayout.RUN_MMIO_DATA, 0);
        d.dispatch(run);
        assertEquals(0x81, run.getLong(KvmLayout.RUN_MMIO_DATA));
        run.put(KvmLayout.RUN_MMIO_IS_WRITE, (byte) 1);
        run.putLong(KvmLayout.RUN_MMIO_PHYS_ADDR, 0xFED40024L);
        run.putLong(KvmLayout.RUN_MMIO_DATA, 0xFFFFFF20L);
        d.dispatch(run);
        assertEquals(List.of("36:1:32"), got);
    }
}
