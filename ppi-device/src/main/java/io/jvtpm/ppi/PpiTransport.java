package io.jvtpm.ppi;

/**
 * How the guest's PPI {@code _DSM} (TCG PPI 1.3) reaches the host: by writing the page only
 * (QEMU's way; the host acts at reset), or by also raising a software SMI through the SMI command
 * port so the host validates a request at once (EDK2 Tcg2Smm's way).
 */
public enum PpiTransport {
    /** The _DSM reads and writes the page; the host reads it at reset. */
    MEMORY,
    /** Submit and status functions go through the SMI mailbox and port 0xB2. */
    SMI
}
