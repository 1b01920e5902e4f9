package io.jvtpm.engine.ptp;

import io.jvtpm.engine.TpmBackend;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TPM's tpmEstablishment flag as an interface device shows it (PTP TIS TPM_ACCESS_x
 * tpmEstablishment, CRB TPM_LOC_STATE_x tpmEstablished and resetEstablishmentBit): the TPM holds
 * it, the device keeps the last value the backend told, reads it again when asked and resets it
 * for locality 3 or 4 only. When the backend cannot tell, the last known value stays (false, not
 * established, before the first answer). How the flag is encoded in a register is the device's.
 * Thread-safe; its methods that ask the backend must be called without the device's lock.
 */
public final class EstablishmentFlag {
    private static final Logger LOG = LoggerFactory.getLogger(EstablishmentFlag.class);

    private final TpmBackend backend;
    private volatile boolean established;

    /** The flag of {@code backend}, read from it now. */
    public EstablishmentFlag(TpmBackend backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
        refresh();
    }

    /** Whether a dynamic OS (H-CRTM) has been established, as last told by the backend. */
    public boolean established() {
        return established;
    }

    /** Whether the profile lets {@code locality} reset the flag: localities 3 and 4 only. */
    public static boolean mayReset(int locality) {
        return locality == 3 || locality == 4;
    }

    /** Reads the flag from the backend again (after a reset or a host-driven H-CRTM sequence); returns it. */
    public boolean refresh() {
        read();
        return established;
    }

    /**
     * {@code locality} resets the flag (resetEstablishmentBit): from a locality that may not
     * ({@link #mayReset}) nothing happens. The backend resets it and the flag is read again.
     * Returns true when the backend took the reset and the flag now reads not established (the
     * event CRB's establishment-clear interrupt reports).
     */
    public boolean resetBy(int locality) {
        if (!mayReset(locality)) {
            return false;
        }
        boolean taken;
        try {
            backend.resetEstablished(locality);
            taken = true;
        } catch (RuntimeException e) {
            LOG.warn("TPM backend failed to reset tpmEstablishment: {}", e.toString());
            taken = false;
        }
        return read() && taken && !established;
    }

    /** Reads the flag from the backend; false (the last value kept) when it cannot tell. */
    private boolean read() {
        try {
            established = backend.isEstablished();
            return true;
        } catch (RuntimeException e) {
            LOG.warn("TPM backend could not tell tpmEstablishment, keeping {}: {}", established, e.toString());
            return false;
        }
    }
}
