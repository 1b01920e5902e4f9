package io.jvtpm.crb.buffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The CRB command/response buffer, TPM_CRB_DATA_BUFFER_x (PTP section 6.5.3.16): little-endian
 * register-style access for the guest, the TPM command header's commandSize (TPM 2.0 Library
 * Part 1, section 18.2), and wiping. It remembers how far it was written so a wipe costs only
 * what was used. Not thread-safe: the device guards it.
 */
public final class CommandBuffer {

    /** tag, commandSize/responseSize, commandCode/responseCode. */
    public static final int TPM_HEADER_SIZE = 10;

    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] bytes;
    /** Bytes at and after this index are zero (unless a view was handed out). */
    private int used;
    private boolean viewed;

    /** A zeroed buffer of {@code capacity} bytes. */
    public CommandBuffer(int capacity) {
        this.bytes = new byte[capacity];
    }

    public int capacity() {
        return bytes.length;
    }

    /**
     * Reads {@code size} (1, 2, 4 or 8) bytes at {@code index}, little-endian, zero-extended.
     * The caller keeps {@code index + size <= capacity()}.
     */
    public long read(int index, int size) {
        return switch (size) {
            case 1 -> bytes[index] & 0xFFL;
            case 2 -> (short) SHORT_LE.get(bytes, index) & 0xFFFFL;
            case 4 -> (int) INT_LE.get(bytes, index) & 0xFFFF_FFFFL;
            case 8 -> (long) LONG_LE.get(bytes, index);
            default -> readBytes(index, size);
        };
    }

    private long readBytes(int index, int size) {
        long v = 0;
        for (int i = 0; i < size; i++) {
            v |= (bytes[index + i] & 0xFFL) << (8 * i);
        }
        return v;
    }

    /** Writes the low {@code size} bytes of {@code value} at {@code index}, little-endian. */
    public void write(int index, int size, long value) {
        switch (size) {
            case 1 -> bytes[index] = (byte) value;
            case 2 -> SHORT_LE.set(bytes, index, (short) value);
            case 4 -> INT_LE.set(bytes, index, (int) value);
            case 8 -> LONG_LE.set(bytes, index, value);
            default -> {
                for (int i = 0; i < size; i++) {
                    bytes[index + i] = (byte) (value >>> (8 * i));
                }
            }
        }
        if (index + size > used) {
            used = index + size;
        }
    }

    /** The commandSize field of the TPM header in the buffer (an unsigned 32-bit number). */
    public long headerSize() {
        return (int) INT_BE.get(bytes, 2) & 0xFFFF_FFFFL;
    }

    /**
     * The command to send: as many bytes as its header says, but at least a header and at most
     * {@code limit} bytes. A wrong size is the TPM's to answer (TPM_RC_COMMAND_SIZE).
     */
    public byte[] command(int limit) {
        long size = headerSize();
        int n = (int) Math.max(TPM_HEADER_SIZE, Math.min(size, Math.min(limit, bytes.length)));
        return Arrays.copyOf(bytes, n);
    }

    /** Puts a response at the start of the buffer; the caller checked it fits. */
    public void putResponse(byte[] response) {
        System.arraycopy(response, 0, bytes, 0, response.length);
        if (response.length > used) {
            used = response.length;
        }
    }

    /** Zeroes what was written since the last wipe. */
    public void wipe() {
        Arrays.fill(bytes, 0, viewed ? bytes.length : used, (byte) 0);
        used = 0;
    }

    /**
     * A little-endian view of the whole buffer, sharing its bytes (for a VMM that copies the
     * buffer in bulk). From then on every wipe clears the whole buffer.
     */
    public ByteBuffer view() {
        viewed = true;
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
