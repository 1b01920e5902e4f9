package io.jvtpm.tis.register;

/** Fields of TPM_INTERFACE_ID_x (PC Client Platform TPM Profile for TPM 2.0, FIFO interface). */
public final class InterfaceId {
    /** InterfaceType (bits 3:0) = 0000: FIFO interface for TPM 2.0. */
    public static final int INTERFACE_TYPE_FIFO = 0;
    /** InterfaceVersion (bits 7:4) = 0000: FIFO. */
    public static final int INTERFACE_VERSION_FIFO = 0;
    /** CapLocality: all five localities are supported. */
    public static final int CAP_LOCALITY = 1 << 8;
    /** CapFIFO: the FIFO interface is supported. */
    public static final int CAP_FIFO = 1 << 13;
    /** CapCRB: the CRB interface is supported (not by this device). */
    public static final int CAP_CRB = 1 << 14;
    /** InterfaceSelector (bits 18:17): 00 = FIFO. */
    public static final int INTERFACE_SELECTOR_MASK = 3 << 17;
    /** IntfSelLock: the interface selector is locked until the next reset. */
    public static final int INTF_SEL_LOCK = 1 << 19;

    /** The value before IntfSelLock is set: FIFO, five localities, FIFO capable (0x2100). */
    public static final int VALUE = INTERFACE_TYPE_FIFO | INTERFACE_VERSION_FIFO | CAP_LOCALITY | CAP_FIFO;

    private InterfaceId() {
    }
}
