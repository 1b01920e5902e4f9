package io.jvtpm.crb;

import io.jvtpm.crb.buffer.ExternalBuffer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * How a {@link CrbDevice} is wired into a VMM (PTP section 6.5.3): where its register window
 * lives in guest-physical memory, its interrupt line, the executor commands run on, and the ids
 * it reports in TPM_CRB_INTF_ID_x.
 *
 * @param baseAddress guest-physical address of locality 0's page (the profile's 0xFED40000)
 * @param interrupt   the interrupt output
 * @param executor    where commands execute; null lets the device start (and close) its own thread
 * @param vendorId    VID in TPM_CRB_INTF_ID_x
 * @param deviceId    DID in TPM_CRB_INTF_ID_x
 * @param revisionId  RID in TPM_CRB_INTF_ID_x
 * @param startWait   how long a CTRL_START write may wait for the command to finish before it
 *                    returns to the vCPU: a driver that finds CTRL_START already 0 on its first
 *                    poll skips its sleep (Linux sleeps 1 ms per poll); zero never waits
 * @param externalBuffer where the command/response buffer is: null for each locality page's data
 *                    buffer at 0x80 (MMIO), else guest memory outside the window
 */
public record CrbOptions(long baseAddress, InterruptLine interrupt, Executor executor,
                         int vendorId, int deviceId, int revisionId, Duration startWait, ExternalBuffer externalBuffer) {

    /** 200 us: longer than a PCR_Extend or GetRandom in process, far shorter than a guest's poll sleep. */
    public static final Duration DEFAULT_START_WAIT = Duration.ofNanos(200_000);

    /** 0x1014, what QEMU's tpm-crb reports, so guests see the ids they see there. */
    public static final int DEFAULT_VENDOR_ID = 0x1014;

    public CrbOptions {
        Objects.requireNonNull(interrupt, "interrupt (use InterruptLine.NONE)");
        Objects.requireNonNull(startWait, "startWait");
        if (startWait.isNegative() || startWait.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("startWait must be 0..1 s: " + startWait);
        }
        if ((baseAddress & 0xFFF) != 0 || baseAddress < 0) {
            throw new IllegalArgumentException("base address must be 4 KiB aligned: 0x" + Long.toHexString(baseAddress));
        }
        if ((vendorId & ~0xFFFF) != 0 || (deviceId & ~0xFFFF) != 0 || (revisionId & ~0xFF) != 0) {
            throw new IllegalArgumentException("VID and DID are 16 bits, RID is 8 bits: 0x" + Integer.toHexString(vendorId)
                    + ", 0x" + Integer.toHexString(deviceId) + ", 0x" + Integer.toHexString(revisionId));
        }
    }

    /**
     * Base 0xFED40000, no interrupt, the device's own thread, VID 0x1014, DID 0, RID 0, a 200 us
     * start wait, the buffer in the window.
     */
    public static CrbOptions defaults() {
        return new CrbOptions(CrbDevice.BASE_ADDRESS, InterruptLine.NONE, null, DEFAULT_VENDOR_ID, 0, 0,
                DEFAULT_START_WAIT, null);
    }

    public CrbOptions withBaseAddress(long base) {
        return new CrbOptions(base, interrupt, executor, vendorId, deviceId, revisionId, startWait, externalBuffer);
    }

    public CrbOptions withInterrupt(InterruptLine line) {
        return new CrbOptions(baseAddress, line, executor, vendorId, deviceId, revisionId, startWait, externalBuffer);
    }

    /** Commands run on {@code e}; {@code Runnable::run} runs them on the thread that writes CTRL_START. */
    public CrbOptions withExecutor(Executor e) {
        return new CrbOptions(baseAddress, interrupt, e, vendorId, deviceId, revisionId, startWait, externalBuffer);
    }

    /** A CTRL_START write waits up to {@code wait} for its command (zero: never). */
    public CrbOptions withStartWait(Duration wait) {
        return new CrbOptions(baseAddress, interrupt, executor, vendorId, deviceId, revisionId, wait, externalBuffer);
    }

    /**
     * The command/response buffer in guest memory outside the window (see {@link ExternalBuffer}):
     * the VMM maps {@code memory} as RAM at {@code guestAddress}, and no buffer access exits.
     */
    public CrbOptions withExternalBuffer(long guestAddress, ByteBuffer memory) {
        return new CrbOptions(baseAddress, interrupt, executor, vendorId, deviceId, revisionId, startWait,
                new ExternalBuffer(guestAddress, memory));
    }

    public CrbOptions withIds(int vid, int did, int rid) {
        return new CrbOptions(baseAddress, interrupt, executor, vid, did, rid, startWait, externalBuffer);
    }
}
