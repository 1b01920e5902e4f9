package io.jvtpm.ppi.page;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The PPI page QEMU places at 0xFED45000 (QEMU docs/specs/tpm.rst, "ACPI PPI interface"), shared by
 * the guest's ACPI {@code _DSM} (TCG PPI 1.3) and the host: a 0x400-byte area of guest RAM holding
 * the per-operation flags {@code func[256]}, the request/response words and the MOR byte.
 *
 * <p>The page wraps a {@link ByteBuffer} that the VMM maps into the guest; every accessor reads or
 * writes that buffer directly, so what the guest wrote is what the host sees. All multi-byte
 * fields are little-endian and unaligned, as in the packed C structure.
 */
public final class PpiPage {

    /** Guest-physical base address of the page. */
    public static final long BASE = 0xFED4_5000L;
    /** Size of the page in bytes. */
    public static final int SIZE = 0x400;

    /** Offset of {@code func[256]}: one {@link PpiFunc} byte per operation. */
    public static final int FUNC = 0x000;
    /** Number of entries in {@code func[]}. */
    public static final int FUNC_COUNT = 256;
    /** PPIN: set to 1 by the platform when the interface is initialized. */
    public static final int PPIN = 0x100;
    /** PPIP: the _DSM function index, written by ACPI (used by the SMI path). */
    public static final int PPIP = 0x101;
    /** PPRP: the response to the last operation, written by the platform. */
    public static final int PPRP = 0x105;
    /** PPRQ: the pending operation, written by ACPI. */
    public static final int PPRQ = 0x109;
    /** PPRM: the pending operation's parameter (PCR bank bitmap), written by ACPI. */
    public static final int PPRM = 0x10D;
    /** LPPR: the last operation the platform ran. */
    public static final int LPPR = 0x111;
    /** FRET: the return value of an SMI-handled _DSM function. */
    public static final int FRET = 0x115;
    /** res1: 0x40 reserved bytes; this project puts the SMI mailbox at its start. */
    public static final int RES1 = 0x119;
    /** SMI mailbox: the operation the guest asks to submit (inside res1). */
    public static final int SMI_REQUEST = RES1;
    /** SMI mailbox: that operation's parameter (inside res1). */
    public static final int SMI_PARAMETER = RES1 + 4;
    /** next_step: what the firmware does after the next reboot (QEMU/SeaBIOS). */
    public static final int NEXT_STEP = 0x159;
    /** MOVV: the memory-overwrite (MOR) byte; bit 0 asks for RAM to be cleared at reset. */
    public static final int MOVV = 0x15A;
    /** MOVV bit 0, ClearMemory: the OS asks for memory to be overwritten at the next reset. */
    public static final int MOVV_CLEAR_MEMORY = 0x01;
    /** MOVV bit 4, DisableAutoDetect: the OS asks the platform not to skip the clear after an orderly shutdown. */
    public static final int MOVV_DISABLE_AUTO_DETECT = 0x10;

    private final ByteBuffer buf;

    private PpiPage(ByteBuffer buf) {
        this.buf = buf;
    }

    /**
     * A page backed by {@code memory}, from its position; {@code memory} must hold at least
     * {@link #SIZE} bytes. The VMM passes the buffer it maps as guest RAM.
     */
    public static PpiPage wrap(ByteBuffer memory) {
        Objects.requireNonNull(memory, "memory");
        if (memory.remaining() < SIZE) {
            throw new IllegalArgumentException("PPI page needs " + SIZE + " bytes, buffer has "
                    + memory.remaining());
        }
        return new PpiPage(memory.slice().order(ByteOrder.LITTLE_ENDIAN));
    }

    /**
     * A new zeroed page in a direct buffer of one 4 KiB host page, aligned to 4 KiB so the VMM can
     * hand it to the hypervisor as a memory slot.
     */
    public static PpiPage allocate() {
        ByteBuffer raw = ByteBuffer.allocateDirect(2 * 4096).alignedSlice(4096);
        raw.limit(4096);
        return new PpiPage(raw.slice().order(ByteOrder.LITTLE_ENDIAN));
    }

    /** The backing buffer (position 0, little-endian), to map into the guest. */
    public ByteBuffer buffer() {
        return buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The raw flags byte of {@code func[operation]}; 0 for operations outside 0..255. */
    public int funcByte(long operation) {
        if (operation < 0 || operation >= FUNC_COUNT) {
            return 0;
        }
        return buf.get(FUNC + (int) operation) & 0xFF;
    }

    /** Sets {@code func[operation]}. */
    public void setFunc(int operation, PpiFunc func) {
        Objects.checkIndex(operation, FUNC_COUNT);
        buf.put(FUNC + operation, (byte) func.encode());
    }

    /** PPIN (1 when the platform has initialized the interface). */
    public int ppin() {
        return buf.get(PPIN) & 0xFF;
    }

    /** Sets PPIN. */
    public void setPpin(int value) {
        buf.put(PPIN, (byte) value);
    }

    /** PPIP: the _DSM function index the SMI path is asked to run. */
    public long ppip() {
        return u32(PPIP);
    }

    /** Sets PPIP. */
    public void setPpip(long value) {
        putU32(PPIP, value);
    }

    /** PPRP: the response to the last operation. */
    public long pprp() {
        return u32(PPRP);
    }

    /** Sets PPRP. */
    public void setPprp(long value) {
        putU32(PPRP, value);
    }

    /** PPRQ: the pending operation (0 = none). */
    public long pprq() {
        return u32(PPRQ);
    }

    /** Sets PPRQ. */
    public void setPprq(long value) {
        putU32(PPRQ, value);
    }

    /** PPRM: the pending operation's parameter. */
    public long pprm() {
        return u32(PPRM);
    }

    /** Sets PPRM. */
    public void setPprm(long value) {
        putU32(PPRM, value);
    }

    /** LPPR: the last operation run. */
    public long lppr() {
        return u32(LPPR);
    }

    /** Sets LPPR. */
    public void setLppr(long value) {
        putU32(LPPR, value);
    }

    /** FRET: the return value of the last SMI-handled function. */
    public long fret() {
        return u32(FRET);
    }

    /** Sets FRET. */
    public void setFret(long value) {
        putU32(FRET, value);
    }

    /** The operation in the SMI mailbox. */
    public long smiRequest() {
        return u32(SMI_REQUEST);
    }

    /** Sets the operation in the SMI mailbox. */
    public void setSmiRequest(long value) {
        putU32(SMI_REQUEST, value);
    }

    /** The parameter in the SMI mailbox. */
    public long smiParameter() {
        return u32(SMI_PARAMETER);
    }

    /** Sets the parameter in the SMI mailbox. */
    public void setSmiParameter(long value) {
        putU32(SMI_PARAMETER, value);
    }

    /** next_step. */
    public int nextStep() {
        return buf.get(NEXT_STEP) & 0xFF;
    }

    /** Sets next_step. */
    public void setNextStep(int value) {
        buf.put(NEXT_STEP, (byte) value);
    }

    /** MOVV, the MOR byte. */
    public int movv() {
        return buf.get(MOVV) & 0xFF;
    }

    /** Sets MOVV. */
    public void setMovv(int value) {
        buf.put(MOVV, (byte) value);
    }

    /** True when MOVV bit 0 (ClearMemory) is set. */
    public boolean memoryClearRequested() {
        return (movv() & MOVV_CLEAR_MEMORY) != 0;
    }

    /** Zeroes the whole page. */
    public void clear() {
        for (int i = 0; i < SIZE; i++) {
            buf.put(i, (byte) 0);
        }
    }

    private long u32(int offset) {
        return buf.getInt(offset) & 0xFFFF_FFFFL;
    }

    private void putU32(int offset, long value) {
        buf.putInt(offset, (int) value);
    }
}
