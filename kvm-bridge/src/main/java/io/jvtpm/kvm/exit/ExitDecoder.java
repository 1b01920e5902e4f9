package io.jvtpm.kvm.exit;

import static io.jvtpm.kvm.sys.KvmLayout.RUN_EXIT_REASON;
import static io.jvtpm.kvm.sys.KvmLayout.RUN_FAIL_ENTRY_CPU;
import static io.jvtpm.kvm.sys.KvmLayout.RUN_FAIL_ENTRY_REASON;
import static io.jvtpm.kvm.sys.KvmLayout.RUN_INTERNAL_DATA;
import static io.jvtpm.kvm.sys.KvmLayout.RUN_INTERNAL_DATA_MAX;
import static io.jvtpm.kvm.sys.KvmLayout.RUN_INTERNAL_NDATA;
import static io.jvtpm.kvm.sys.KvmLayout.RUN_INTERNAL_SUBERROR;
import static io.jvtpm.kvm.sys.KvmLayout.RUN_IO_COUNT;
import static io.jvtpm.kvm.sys.KvmLayout.RUN_IO_DATA_OFFSET;
import static io.jvtpm.kvm.sys.KvmLayout.RUN_IO_DIRECTION;
import static io.jvtpm.kvm.sys.KvmLayout.RUN_IO_PORT;
import static io.jvtpm.kvm.sys.KvmLayout.RUN_IO_SIZE;
import static io.jvtpm.kvm.sys.KvmLayout.RUN_MMIO_DATA;
import static io.jvtpm.kvm.sys.KvmLayout.RUN_MMIO_IS_WRITE;
import static io.jvtpm.kvm.sys.KvmLayout.RUN_MMIO_LEN;
import static io.jvtpm.kvm.sys.KvmLayout.RUN_MMIO_PHYS_ADDR;
import static io.jvtpm.kvm.sys.KvmLayout.RUN_SIZE;
import static io.jvtpm.kvm.sys.KvmLayout.RUN_SYSTEM_EVENT_DATA;
import static io.jvtpm.kvm.sys.KvmLayout.RUN_SYSTEM_EVENT_DATA_MAX;
import static io.jvtpm.kvm.sys.KvmLayout.RUN_SYSTEM_EVENT_NDATA;
import static io.jvtpm.kvm.sys.KvmLayout.RUN_SYSTEM_EVENT_TYPE;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes struct kvm_run (linux/kvm.h) after KVM_RUN into a {@link VmExit}: a pure function of the bytes.
 * The buffer is read with absolute indexes in little-endian order; its capacity is the size of the vCPU
 * mapping, which bounds the I/O data area.
 */
public final class ExitDecoder {
    private static final HaltExit HALT = new HaltExit();
    private static final ShutdownExit SHUTDOWN = new ShutdownExit();
    private static final InterruptedExit INTERRUPTED = new InterruptedExit();

    private ExitDecoder() {
    }

    /** Decodes the exit described by {@code run}. Never throws for any content of a buffer of at least kvm_run's size. */
    public static VmExit decode(ByteBuffer run) {
        if (run.capacity() < RUN_SIZE) {
            return new MalformedExit(-1, "kvm_run buffer of " + run.capacity() + " bytes is shorter than " + RUN_SIZE);
        }
        ByteBuffer b = run.order() == ByteOrder.LITTLE_ENDIAN ? run : run.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int reason = b.getInt(RUN_EXIT_REASON);
        switch (reason) {
            case 2:
                return io(b, reason);
            case 6:
                return mmio(b, reason);
            case 5:
                return HALT;
            case 8:
                return SHUTDOWN;
            case 9:
                return new FailEntryExit(b.getLong(RUN_FAIL_ENTRY_REASON), b.getInt(RUN_FAIL_ENTRY_CPU));
            case 10:
                return INTERRUPTED;
            case 17:
                return new InternalErrorExit(b.getInt(RUN_INTERNAL_SUBERROR),
                        words(b, RUN_INTERNAL_NDATA, RUN_INTERNAL_DATA, RUN_INTERNAL_DATA_MAX));
            case 24:
                return new SystemEventExit(b.getInt(RUN_SYSTEM_EVENT_TYPE),
                        words(b, RUN_SYSTEM_EVENT_NDATA, RUN_SYSTEM_EVENT_DATA, RUN_SYSTEM_EVENT_DATA_MAX));
            default:
                return new UnknownExit(reason);
        }
    }

    private static VmExit io(ByteBuffer b, int reason) {
        int dir = b.get(RUN_IO_DIRECTION) & 0xff;
        int size = b.get(RUN_IO_SIZE) & 0xff;
        int port = b.getShort(RUN_IO_PORT) & 0xffff;
        long count = Integer.toUnsignedLong(b.getInt(RUN_IO_COUNT));
        long dataOffset = b.getLong(RUN_IO_DATA_OFFSET);
        if (dir > 1) {
            return new MalformedExit(reason, "I/O direction " + dir);
        }
        if (size != 1 && size != 2 && size != 4) {
            return new MalformedExit(reason, "I/O size " + size);
        }
        if (count < 1 || count > b.capacity()) {
            return new MalformedExit(reason, "I/O count " + count);
        }
        if (dataOffset < RUN_SIZE || dataOffset > b.capacity() - count * size) {
            return new MalformedExit(reason, "I/O data offset " + dataOffset + " for " + count + " x " + size
                    + " bytes in a " + b.capacity() + "-byte mapping");
        }
        return new IoExit(dir == 0 ? IoDirection.IN : IoDirection.OUT, size, port, (int) count, dataOffset);
    }

    private static VmExit mmio(ByteBuffer b, int reason) {
        long addr = b.getLong(RUN_MMIO_PHYS_ADDR);
        int len = b.getInt(RUN_MMIO_LEN);
        boolean write = b.get(RUN_MMIO_IS_WRITE) != 0;
        if (len < 1 || len > 8) {
            return new MalformedExit(reason, "MMIO length " + Integer.toUnsignedString(len));
        }
        long data = 0;
        if (write) {
            data = b.getLong(RUN_MMIO_DATA);
            if (len < 8) {
                data &= (1L << (len * 8)) - 1;
            }
        }
        return new MmioExit(addr, len, write, data);
    }

    private static List<Long> words(ByteBuffer b, int countAt, int dataAt, int max) {
        long n = Integer.toUnsignedLong(b.getInt(countAt));
        int k = (int) Math.min(n, max);
        List<Long> out = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            out.add(b.getLong(dataAt + i * 8));
        }
        return out;
    }
}
