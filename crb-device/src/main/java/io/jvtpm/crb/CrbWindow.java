package io.jvtpm.crb;

import io.jvtpm.crb.buffer.CommandBuffer;
import io.jvtpm.crb.regs.CrbRegister;
import io.jvtpm.crb.regs.CtrlSts;
import io.jvtpm.crb.regs.InterfaceId;
import io.jvtpm.crb.regs.LocState;
import io.jvtpm.crb.regs.LocSts;
import io.jvtpm.engine.ptp.InterruptRegisters;
import io.jvtpm.engine.ptp.LocalityArbiter;

import static io.jvtpm.engine.ptp.TpmInterfaceDevice.allOnes;

/**
 * The CRB register window decoded (PTP section 6.5.3, "CRB Interface Registers"): an offset to
 * its locality's page; below the data buffer, the register dwords, read and written at any width
 * and alignment (byte by byte across dwords), whose values come from and go to
 * {@link CrbControl}; from 0x80, the data buffer, which only the active locality reads and writes.
 * Guarded by the device's lock; the caller has checked that an access lies inside the window.
 */
final class CrbWindow {
    /** CTRL_CANCEL's cancel bit. */
    static final int CANCEL_INVOKE = 1;
    /** CTRL_START's start bit. */
    static final int START_INVOKE = 1;

    private static final int STRIDE = CrbDevice.LOCALITY_STRIDE;
    private static final int BUFFER_AT = CrbDevice.DATA_BUFFER_OFFSET;

    /** The register of each dword below the buffer (null where reserved). */
    private static final CrbRegister[] REGISTER_AT_DWORD = new CrbRegister[BUFFER_AT / 4];

    static {
        for (int dw = 0; dw < BUFFER_AT; dw += 4) {
            REGISTER_AT_DWORD[dw / 4] = CrbRegister.at(dw);
        }
    }

    private final CrbControl control;
    private final LocalityArbiter arbiter;
    private final InterruptRegisters interrupts;
    private final CommandBuffer buffer;
    private final long base;
    /** The buffer's guest address when it is outside the window, else -1. */
    private final long externalBufferAddress;
    private final int intfIdLow;
    private final int intfIdHigh;

    CrbWindow(CrbControl control, CommandBuffer buffer, CrbOptions options) {
        this.control = control;
        this.arbiter = control.arbiter();
        this.interrupts = control.interrupts();
        this.buffer = buffer;
        this.base = options.baseAddress();
        this.externalBufferAddress = options.externalBuffer() == null ? -1 : options.externalBuffer().guestAddress();
        InterfaceId id = new InterfaceId(true, true, options.vendorId(), options.deviceId(), options.revisionId());
        this.intfIdLow = id.low();
        this.intfIdHigh = id.high();
    }

    // ------------------------------------------------------------------ reads

    /** A read of {@code size} bytes (1..8) at {@code offset}, little-endian. */
    long read(int offset, int size) {
        int locality = offset >>> 12;
        int inPage = offset & (STRIDE - 1);
        if (inPage >= BUFFER_AT && inPage + size <= STRIDE) {
            if (!arbiter.isActive(locality)) {
                CrbDevice.debugIgnored("buffer read from inactive locality", offset, size, 0);
                return allOnes(size);
            }
            return buffer.read(inPage - BUFFER_AT, size);
        }
        if (size == 4 && (inPage & 3) == 0) {
            return register(locality, inPage) & 0xFFFF_FFFFL;
        }
        long v = 0;
        for (int i = 0; i < size; i++) {
            v |= (long) byteAt(offset + i) << (8 * i);
        }
        return v;
    }

    private int byteAt(int offset) {
        int locality = offset >>> 12;
        int inPage = offset & (STRIDE - 1);
        if (inPage >= BUFFER_AT) {
            return arbiter.isActive(locality) ? (int) buffer.read(inPage - BUFFER_AT, 1) : 0xFF;
        }
        return (register(locality, inPage & ~3) >>> (8 * (inPage & 3))) & 0xFF;
    }

    /** The 32-bit value at dword offset {@code dw} (below the buffer) of {@code locality}'s page. */
    private int register(int locality, int dw) {
        CrbRegister r = REGISTER_AT_DWORD[dw >>> 2];
        if (r == null) {
            return 0; // reserved
        }
        boolean highHalf = dw != r.offset();
        return switch (r) {
            case LOC_STATE -> LocState.value(arbiter.active(), control.established());
            case LOC_STS -> (arbiter.isActive(locality) ? LocSts.GRANTED.mask() : 0)
                    | (arbiter.beenSeized(locality) ? LocSts.BEEN_SEIZED.mask() : 0);
            case INTF_ID -> intfIdLow;
            case INTF_ID2 -> intfIdHigh;
            case CTRL_STS -> (control.fatal() ? CtrlSts.TPM_STS.mask() : 0) | (control.idle() ? CtrlSts.TPM_IDLE.mask() : 0);
            case CTRL_CANCEL -> control.cancelRequested() ? CANCEL_INVOKE : 0;
            case CTRL_START -> control.started() ? START_INVOKE : 0;
            case CTRL_INT_ENABLE -> interrupts.enable(0);
            case CTRL_INT_STS -> interrupts.status(0);
            case CTRL_CMD_SIZE, CTRL_RSP_SIZE -> control.commandBufferSize();
            case CTRL_CMD_LADDR -> (int) bufferAddress(locality);
            case CTRL_CMD_HADDR -> (int) (bufferAddress(locality) >>> 32);
            case CTRL_RSP_ADDR -> (int) (bufferAddress(locality) >>> (highHalf ? 32 : 0));
            // write-only LOC_CTRL; CTRL_REQ, whose requests complete at once; CTRL_EXT, not implemented
            case LOC_CTRL, CTRL_REQ, CTRL_EXT, DATA_BUFFER -> 0;
        };
    }

    private long bufferAddress(int locality) {
        return externalBufferAddress >= 0 ? externalBufferAddress : base + (long) locality * STRIDE + BUFFER_AT;
    }

    // ------------------------------------------------------------------ writes

    /** A write of the low {@code size} bytes (1..8) of {@code value} at {@code offset}. */
    void write(int offset, int size, long value) {
        int i = 0;
        while (i < size) {
            int at = offset + i;
            int locality = at >>> 12;
            int inPage = at & (STRIDE - 1);
            if (inPage >= BUFFER_AT) {
                int n = Math.min(size - i, STRIDE - inPage);
                long bytes = value >>> (8 * i);
                if (arbiter.isActive(locality)) {
                    buffer.write(inPage - BUFFER_AT, n, bytes);
                } else {
                    CrbDevice.debugIgnored("buffer write from inactive locality", at, n, bytes);
                }
                i += n;
            } else {
                int shift = inPage & 3;
                int n = Math.min(size - i, 4 - shift);
                long byteMask = allOnes(n);
                int bits = (int) (((value >>> (8 * i)) & byteMask) << (8 * shift));
                int mask = (int) (byteMask << (8 * shift));
                writeRegister(locality, inPage - shift, bits, mask);
                i += n;
            }
        }
    }

    /** A write of {@code bits} (only the bytes in {@code mask} were written) to a register dword. */
    private void writeRegister(int locality, int dw, int bits, int mask) {
        CrbRegister r = REGISTER_AT_DWORD[dw >>> 2];
        long at = (long) locality * STRIDE + dw;
        if (r == CrbRegister.LOC_CTRL) { // every locality may write its own
            control.locCtrl(locality, bits);
            return;
        }
        if (r == null || r.offset() < CrbDevice.CONTROL_AREA_OFFSET) {
            CrbDevice.debugIgnored("write to a read-only or reserved register", at, 4, bits);
            return;
        }
        if (!arbiter.isActive(locality)) {
            CrbDevice.debugIgnored("control area write from an inactive locality", at, 4, bits);
            return;
        }
        switch (r) {
            case CTRL_REQ -> control.ctrlReq(bits);
            case CTRL_CANCEL -> {
                if ((mask & 0xFF) != 0) {
                    control.ctrlCancel((bits & CANCEL_INVOKE) != 0);
                }
            }
            case CTRL_START -> {
                if ((bits & START_INVOKE) != 0) {
                    control.ctrlStart(locality);
                }
            }
            case CTRL_INT_ENABLE -> interrupts.writeEnable(0, bits, mask);
            case CTRL_INT_STS -> interrupts.clearStatus(0, bits & mask);
            default -> CrbDevice.debugIgnored("write to a read-only control register", at, 4, bits);
        }
    }
}
