package io.jvtpm.crb.regs;

import io.jvtpm.engine.ptp.TpmInterfaceDevice;

/**
 * The registers of one locality's CRB page (PC Client Platform TPM Profile for TPM 2.0, section 6.5.3
 * "CRB Interface Registers"), by offset within the locality's 4 KiB page. Locality {@code x} sees
 * the same layout at {@code x * 0x1000}.
 */
public enum CrbRegister {
    /** TPM_LOC_STATE_x: established, locAssigned, activeLocality, tpmRegValidSts. */
    LOC_STATE(0x00, 4),
    /** TPM_LOC_CTRL_x: requestAccess, relinquish, seize, resetEstablishmentBit (write only). */
    LOC_CTRL(0x08, 4),
    /** TPM_LOC_STS_x: granted, beenSeized. */
    LOC_STS(0x0C, 4),
    /** TPM_CRB_INTF_ID_x, low half: interface type, version, capabilities, selector, RID. */
    INTF_ID(0x30, 4),
    /** TPM_CRB_INTF_ID_x, high half: VID, DID. */
    INTF_ID2(0x34, 4),
    /** TPM_CRB_CTRL_EXT_x: optional extension, not implemented (reads 0). */
    CTRL_EXT(0x38, 8),
    /** TPM_CRB_CTRL_REQ_x: cmdReady, goIdle. */
    CTRL_REQ(0x40, 4),
    /** TPM_CRB_CTRL_STS_x: tpmSts (fatal error), tpmIdle. */
    CTRL_STS(0x44, 4),
    /** TPM_CRB_CTRL_CANCEL_x. */
    CTRL_CANCEL(0x48, 4),
    /** TPM_CRB_CTRL_START_x. */
    CTRL_START(0x4C, 4),
    /** TPM_CRB_INT_ENABLE_x. */
    CTRL_INT_ENABLE(0x50, 4),
    /** TPM_CRB_INT_STS_x (write 1 to clear). */
    CTRL_INT_STS(0x54, 4),
    /** TPM_CRB_CTRL_CMD_SIZE_x. */
    CTRL_CMD_SIZE(0x58, 4),
    /** TPM_CRB_CTRL_CMD_LADDR_x. */
    CTRL_CMD_LADDR(0x5C, 4),
    /** TPM_CRB_CTRL_CMD_HADDR_x. */
    CTRL_CMD_HADDR(0x60, 4),
    /** TPM_CRB_CTRL_RSP_SIZE_x. */
    CTRL_RSP_SIZE(0x64, 4),
    /** TPM_CRB_CTRL_RSP_ADDR_x (64 bits). */
    CTRL_RSP_ADDR(0x68, 8),
    /** TPM_CRB_DATA_BUFFER_x: the command/response buffer, to the end of the page. */
    DATA_BUFFER(0x80, 0xF80);

    /** Bytes between the pages of consecutive localities. */
    public static final int LOCALITY_STRIDE = TpmInterfaceDevice.LOCALITY_PAGE_SIZE;

    private final int offset;
    private final int size;

    CrbRegister(int offset, int size) {
        this.offset = offset;
        this.size = size;
    }

    /** Offset within a locality's page. */
    public int offset() {
        return offset;
    }

    /** Width in bytes. */
    public int size() {
        return size;
    }

    /** Offset of this register in the page of {@code locality}, relative to the window's base. */
    public long offset(int locality) {
        return (long) locality * LOCALITY_STRIDE + offset;
    }

    /** The register covering {@code offsetInPage}, or null for a reserved offset. */
    public static CrbRegister at(int offsetInPage) {
        for (CrbRegister r : values()) {
            if (offsetInPage >= r.offset && offsetInPage < r.offset + r.size) {
                return r;
            }
        }
        return null;
    }
}
