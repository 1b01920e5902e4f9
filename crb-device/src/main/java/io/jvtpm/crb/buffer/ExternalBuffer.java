package io.jvtpm.crb.buffer;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A command/response buffer outside the CRB register window: memory the VMM maps into the guest
 * as RAM at {@code guestAddress}, which CTRL_CMD_LADDR/HADDR and CTRL_RSP_ADDR then point at
 * (PTP section 6.5.3: the buffers' addresses are the control area's to give). The guest reads and
 * writes it without a VM exit; only the control registers trap.
 *
 * @param guestAddress guest-physical address of the buffer, 4 KiB aligned (a KVM memory slot's unit)
 * @param memory       the host side of that memory, at least {@code CrbDevice.DATA_BUFFER_MAX} bytes
 */
public record ExternalBuffer(long guestAddress, ByteBuffer memory) {

    public ExternalBuffer {
        Objects.requireNonNull(memory, "memory");
        if (guestAddress <= 0 || (guestAddress & 0xFFF) != 0) {
            throw new IllegalArgumentException("the buffer's guest address must be 4 KiB aligned: 0x" + Long.toHexString(guestAddress));
        }
    }
}
