package io.jvtpm.crb.buffer;

import io.jvtpm.engine.wire.TpmWire;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The CRB command/response buffer, TPM_CRB_DATA_BUFFER_x (PTP section 6.5.3.16): little-endian
 * register-style access for the guest, the TPM command header's commandSize (TPM 2.0 Library
 * Part 1, section 18.2), and wiping. Its bytes live on the heap, or in memory the guest reaches
 * directly (see {@link #over}). A heap buffer remembers how far it was written so a wipe costs
 * only what was used. Not thread-safe: the device guards it.
 */
public final class CommandBuffer {

    private static final int ZERO_CHUNK = 512;
    private static final byte[] ZEROS = new byte[ZERO_CHUNK];

    private final ByteBuffer bytes;
    private final int capacity;
    /** Bytes at and after this index are zero (unless a view was handed out or the guest writes directly). */
    private int used;
    private boolean viewed;

    /** A zeroed heap buffer of {@code capacity} bytes. */
    public CommandBuffer(int capacity) {
        this(ByteBuffer.allocate(capacity), capacity, false);
    }

    private CommandBuffer(ByteBuffer storage, int capacity, boolean shared) {
        this.bytes = storage.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.capacity = capacity;
        this.viewed = shared;
    }

    /**
     * A buffer whose bytes are the first {@code capacity} bytes of {@code storage}, memory that
     * others (a guest mapping it as RAM) write without telling: every wipe clears all of it.
     * The buffer is wiped now.
     */
    public static CommandBuffer over(ByteBuffer storage, int capacity) {
        if (capacity < TpmWire.HEADER_SIZE || storage.capacity() < capacity) {
            throw new IllegalArgumentException("a buffer of " + capacity + " bytes does not fit storage of " + storage.capacity());
        }
        CommandBuffer b = new CommandBuffer(storage, capacity, true);
        b.wipe();
        return b;
    }

    public int capacity() {
        return capacity;
    }

    /**
     * Reads {@code size} (1..8) bytes at {@code index}, little-endian, zero-extended.
     * The caller keeps {@code index + size <= capacity()}.
     */
    public long read(int index, int size) {
        return switch (size) {
            case 1 -> bytes.get(index) & 0xFFL;
            case 2 -> bytes.getShort(index) & 0xFFFFL;
            case 4 -> bytes.getInt(index) & 0xFFFF_FFFFL;
            case 8 -> bytes.getLong(index);
            default -> readBytes(index, size);
        };
    }

    private long readBytes(int index, int size) {
        long v = 0;
        for (int i = 0; i < size; i++) {
            v |= (bytes.get(index + i) & 0xFFL) << (8 * i);
        }
        return v;
    }

    /** Writes the low {@code size} bytes of {@code value} at {@code index}, little-endian. */
    public void write(int index, int size, long value) {
        switch (size) {
            case 1 -> bytes.put(index, (byte) value);
            case 2 -> bytes.putShort(index, (short) value);
            case 4 -> bytes.putInt(index, (int) value);
            case 8 -> bytes.putLong(index, value);
            default -> {
                for (int i = 0; i < size; i++) {
                    bytes.put(index + i, (byte) (value >>> (8 * i)));
                }
            }
        }
        if (index + size > used) {
            used = index + size;
        }
    }

    /** The commandSize field of the TPM header in the buffer (an unsigned 32-bit number, big-endian). */
    public long headerSize() {
        return Integer.reverseBytes(bytes.getInt(2)) & 0xFFFF_FFFFL;
    }

    /**
     * The command to send: as many bytes as its header says, but at least a header and at most
     * {@code limit} bytes. A wrong size is the TPM's to answer (TPM_RC_COMMAND_SIZE).
     */
    public byte[] command(int limit) {
        long size = headerSize();
        int n = (int) Math.max(TpmWire.HEADER_SIZE, Math.min(size, Math.min(limit, capacity)));
        byte[] out = new byte[n];
        bytes.get(0, out, 0, n);
        return out;
    }

    /** Puts a response at the start of the buffer; the caller checked it fits. */
    public void putResponse(byte[] response) {
        bytes.put(0, response, 0, response.length);
        if (response.length > used) {
            used = response.length;
        }
    }

    /** Zeroes what was written since the last wipe (all of it once it is shared). */
    public void wipe() {
        int end = viewed ? capacity : used;
        for (int i = 0; i < end; i += ZERO_CHUNK) {
            bytes.put(i, ZEROS, 0, Math.min(ZERO_CHUNK, end - i));
        }
        used = 0;
    }

    /**
     * A little-endian view of the whole buffer, sharing its bytes (for a VMM that copies the
     * buffer in bulk). From then on every wipe clears the whole buffer.
     */
    public ByteBuffer view() {
        viewed = true;
        return bytes.duplicate().position(0).limit(capacity).slice().order(ByteOrder.LITTLE_ENDIAN);
    }
}
