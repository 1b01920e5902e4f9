package io.jvtpm.crb;

import io.jvtpm.crb.buffer.ExternalBuffer;
import io.jvtpm.engine.ptp.InterruptLine;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * How a {@link CrbDevice} is wired into a VMM (PTP section 6.5.3): where its register window
 * lives in guest-physical memory, its interrupt line, the executor commands run on, and the ids
 * it reports in TPM_CRB_INTF_ID_x.
 *
 * @param baseAddress guest-physical address of locality 0's page (the profile's 0xFED40000)
 * @param interrupt   the interrupt output
 * @param executor    where commands that are not quick execute; null lets the device start (and
 *                    close) its own thread
 * @param vendorId    VID in TPM_CRB_INTF_ID_x
 * @param deviceId    DID in TPM_CRB_INTF_ID_x
 * @param revisionId  RID in TPM_CRB_INTF_ID_x
 * @param externalBuffer where the command/response buffer is: null for each locality page's data
 *                    buffer at 0x80 (MMIO), else guest memory outside the window
 */
public record CrbOptions(long baseAddress, InterruptLine interrupt, Executor executor,
                         int vendorId, int deviceId, int revisionId, ExternalBuffer externalBuffer) {

    /** 0x1014, what QEMU's tpm-crb reports, so guests see the ids they see there. */
    public static final int DEFAULT_VENDOR_ID = 0x1014;

    public CrbOptions {
        Objects.requireNonNull(interrupt, "interrupt (use InterruptLine.NONE)");
        if ((baseAddress & 0xFFF) != 0 || baseAddress < 0) {
            throw new IllegalArgumentException("base address must be 4 KiB aligned: 0x" + Long.toHexString(baseAddress));
        }
        if ((vendorId & ~0xFFFF) != 0 || (deviceId & ~0xFFFF) != 0 || (revisionId & ~0xFF) != 0) {
            throw new IllegalArgumentException("VID and DID are 16 bits, RID is 8 bits: 0x" + Integer.toHexString(vendorId)
                    + ", 0x" + Integer.toHexString(deviceId) + ", 0x" + Integer.toHexString(revisionId));
        }
    }

    /**
     * Base 0xFED40000, no interrupt, the device's own thread, VID 0x1014, DID 0, RID 0, the buffer
     * in the window.
     */
    public static CrbOptions defaults() {
        return new CrbOptions(CrbDevice.BASE_ADDRESS, InterruptLine.NONE, null, DEFAULT_VENDOR_ID, 0, 0, null);
    }

    public CrbOptions withBaseAddress(long base) {
        return new CrbOptions(base, interrupt, executor, vendorId, deviceId, revisionId, externalBuffer);
    }

    public CrbOptions withInterrupt(InterruptLine line) {
        return new CrbOptions(baseAddress, line, executor, vendorId, deviceId, revisionId, externalBuffer);
    }

    /** Commands run on {@code e}; {@code Runnable::run} runs them on the thread that writes CTRL_START. */
    public CrbOptions withExecutor(Executor e) {
        return new CrbOptions(baseAddress, interrupt, e, vendorId, deviceId, revisionId, externalBuffer);
    }

    /**
     * The command/response buffer in guest memory outside the window (see {@link ExternalBuffer}):
     * the VMM maps {@code memory} as RAM at {@code guestAddress}, and no buffer access exits.
     */
    public CrbOptions withExternalBuffer(long guestAddress, ByteBuffer memory) {
        return new CrbOptions(baseAddress, interrupt, executor, vendorId, deviceId, revisionId,
                new ExternalBuffer(guestAddress, memory));
    }

    public CrbOptions withIds(int vid, int did, int rid) {
        return new CrbOptions(baseAddress, interrupt, executor, vid, did, rid, externalBuffer);
    }
}
