package io.jvtpm.tis.locality;

import io.jvtpm.tis.register.Access;

/**
 * Locality arbitration through TPM_ACCESS_x (PC Client Platform TPM Profile for TPM 2.0,
 * "Locality Usage" and TPM_ACCESS_x): requestUse, relinquish, pendingRequest, seize
 * and beenSeized. At most one locality is active. Not thread-safe: the device guards it.
 */
public final class LocalityArbiter {
    /** The value of {@link #active()} when no locality is active. */
    public static final int NONE = -1;

    private final int localities;
    private final boolean[] requestUse;
    private final boolean[] beenSeized;
    private int active = NONE;

    /** An arbiter for localities 0 .. {@code localities - 1}. */
    public LocalityArbiter(int localities) {
        this.localities = localities;
        this.requestUse = new boolean[localities];
        this.beenSeized = new boolean[localities];
    }

    /** The active locality, or {@link #NONE}. */
    public int active() {
        return active;
    }

    /** Back to the reset state: nothing active, requested or seized. */
    public void reset() {
        active = NONE;
        for (int l = 0; l < localities; l++) {
            requestUse[l] = false;
            beenSeized[l] = false;
        }
    }

    /** TPM_ACCESS_x as read by {@code locality}; {@code established} is the tpmEstablishment flag. */
    public int read(int locality, boolean established) {
        int value = Access.TPM_REG_VALID_STS;
        if (!established) {
            value |= Access.TPM_ESTABLISHMENT;
        }
        if (active == locality) {
            value |= Access.ACTIVE_LOCALITY;
        }
        if (beenSeized[locality]) {
            value |= Access.BEEN_SEIZED;
        }
        if (requestUse[locality]) {
            value |= Access.REQUEST_USE;
        }
        for (int l = 0; l < localities; l++) {
            if (l != locality && requestUse[l]) {
                value |= Access.PENDING_REQUEST;
                break;
            }
        }
        return value;
    }

    /**
     * A write of {@code value} to TPM_ACCESS_x by {@code locality}. Returns the newly active
     * locality ({@link #NONE} included) when the active locality changed, else {@code active()}
     * unchanged: compare with the value before the call.
     *
     * <p>Seize wins over the other bits written with it; relinquish (activeLocality = 1) by the
     * active locality hands the TPM to the highest locality with a pending request; by another
     * locality it withdraws that locality's request. requestUse makes the locality active at
     * once when none is, else leaves it pending.
     */
    public int write(int locality, int value) {
        if ((value & Access.BEEN_SEIZED) != 0) {
            beenSeized[locality] = false;
        }
        if ((value & Access.SEIZE) != 0) {
            if (active == NONE || locality > active) {
                if (active != NONE) {
                    beenSeized[active] = true;
                }
                grant(locality);
            }
            return active;
        }
        if ((value & Access.ACTIVE_LOCALITY) != 0) {
            if (active == locality) {
                int next = NONE;
                for (int l = localities - 1; l >= 0; l--) {
                    if (requestUse[l]) {
                        next = l;
                        break;
                    }
                }
                if (next == NONE) {
                    active = NONE;
                } else {
                    grant(next);
                }
            } else {
                requestUse[locality] = false;
            }
        }
        if ((value & Access.REQUEST_USE) != 0 && active != locality) {
            if (active == NONE) {
                grant(locality);
            } else {
                requestUse[locality] = true;
            }
        }
        return active;
    }

    private void grant(int locality) {
        active = locality;
        requestUse[locality] = false;
    }
}
