package io.jvtpm.engine.ptp;

/**
 * A TPM interface of the PC Client Platform TPM Profile (the FIFO/TIS interface or the Command
 * Response Buffer) as a VMM sees it: a window of memory-mapped registers in guest-physical memory
 * in front of a TPM. A VMM forwards every access in {@code [baseAddress(), baseAddress() + size())}
 * with its offset from the base; no access throws.
 */
public interface TpmInterfaceDevice extends AutoCloseable {

    /** The size of one locality's page of registers: locality x starts at {@code x * 0x1000}. */
    int LOCALITY_PAGE_SIZE = 0x1000;

    /**
     * The platform's locality (PTP "Locality Usage", locality 4: the DRTM's, reached only by the
     * CPU's special cycles, never by software). A VMM models those cycles in host code (the
     * backend's {@code execute(4, ...)}, {@code ManagedTpm.hashStart/hashData/hashEnd}); a guest
     * access to its page is software's and never reaches the TPM.
     */
    int PLATFORM_LOCALITY = 4;

    /** The guest-physical address of the window (locality 0's page). */
    long baseAddress();

    /** The size of the window in bytes (five localities of 4 KiB). */
    int size();

    /** A guest read of {@code size} bytes at {@code offset} from the base, little-endian; all ones when invalid. */
    long read(long offset, int size);

    /** A guest write of the low {@code size} bytes of {@code value} at {@code offset}; ignored when invalid. */
    void write(long offset, int size, long value);

    /**
     * A platform reset of the interface: no locality active, a running command cancelled and its
     * response dropped, interrupts off. The TPM's own _TPM_Init is the VMM's to send.
     */
    void reset();

    /** Re-reads tpmEstablishment from the TPM (after a host-driven H-CRTM sequence). */
    void refreshEstablished();

    /** The active locality, or -1. */
    int activeLocality();

    /** Whether the interrupt line is asserted now. */
    boolean interruptAsserted();

    /** Stops the device's own command thread, if it started one; the TPM stays open. */
    @Override
    void close();

    /**
     * Whether a guest access of {@code size} bytes at {@code offset} touches the page of the
     * {@link #PLATFORM_LOCALITY}: the platform aborts such an access, as it does any software
     * cycle to that page, so a device reads it as all ones ({@link #allOnes}) and drops the write,
     * whatever register it would hit.
     */
    static boolean platformOnly(long offset, int size) {
        long first = (long) PLATFORM_LOCALITY * LOCALITY_PAGE_SIZE;
        return offset < first + LOCALITY_PAGE_SIZE && offset + Math.max(size, 1) > first;
    }

    /**
     * The low {@code size} bytes all ones (all 64 bits for 8 or more): what a read the device
     * ignores returns, and the mask of the bytes an access of {@code size} bytes covers.
     */
    static long allOnes(int size) {
        return size >= 1 && size < 8 ? (1L << (size * 8)) - 1 : -1L;
    }
}
