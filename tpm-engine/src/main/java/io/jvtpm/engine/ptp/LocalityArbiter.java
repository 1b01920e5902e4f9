package io.jvtpm.engine.ptp;

/**
 * Locality arbitration of the PC Client Platform TPM Profile ("Locality Usage"; TIS
 * TPM_ACCESS_x, CRB TPM_LOC_CTRL_x/TPM_LOC_STATE_x/TPM_LOC_STS_x): at most one locality is
 * active; a request is granted at once when no locality is active and otherwise waits until the
 * active locality relinquishes, the highest waiting locality winning; a seize takes the TPM from a
 * lower locality, which then reads beenSeized. Each device maps its register bits onto these
 * operations. Not thread-safe: the device guards it.
 */
public final class LocalityArbiter {

    /** The value of {@link #active()} when no locality is active. */
    public static final int NONE = -1;

    private final int count;
    private int active = NONE;
    private int requested;
    private int seized;

    /** An arbiter for localities {@code 0 .. count-1} (1..8). */
    public LocalityArbiter(int count) {
        if (count < 1 || count > 8) {
            throw new IllegalArgumentException("locality count must be 1..8: " + count);
        }
        this.count = count;
    }

    /** The number of localities. */
    public int count() {
        return count;
    }

    /** The active locality, or {@link #NONE}. */
    public int active() {
        return active;
    }

    /** Whether {@code locality} is the active one. */
    public boolean isActive(int locality) {
        return active == locality;
    }

    /** Whether {@code locality} lost the TPM to a seize since its beenSeized was last cleared. */
    public boolean beenSeized(int locality) {
        return (seized & bit(locality)) != 0;
    }

    /** Whether {@code locality} waits for the active locality to relinquish (TIS requestUse). */
    public boolean isRequesting(int locality) {
        return (requested & bit(locality)) != 0;
    }

    /** Whether a locality other than {@code locality} waits (TIS pendingRequest). */
    public boolean otherRequesting(int locality) {
        return (requested & ~bit(locality)) != 0;
    }

    /** Clears the beenSeized flag of {@code locality}. */
    public void clearBeenSeized(int locality) {
        seized &= ~bit(locality);
    }

    /**
     * {@code locality} asks for the TPM: granted at once when no locality is active, else it
     * waits. Returns true when the active locality changed.
     */
    public boolean request(int locality) {
        int b = bit(locality);
        if (active == locality) {
            return false;
        }
        if (active == NONE) {
            grant(locality);
            return true;
        }
        requested |= b;
        return false;
    }

    /**
     * {@code locality} gives the TPM up: when it is active, the highest waiting locality (or none)
     * becomes active; otherwise it withdraws its own request. Returns true when the active
     * locality changed.
     */
    public boolean relinquish(int locality) {
        requested &= ~bit(locality);
        if (active != locality) {
            return false;
        }
        active = NONE;
        if (requested != 0) {
            grant(31 - Integer.numberOfLeadingZeros(requested));
        }
        return true;
    }

    /**
     * {@code locality} seizes the TPM: it becomes active when none is or the active one is lower,
     * which then reads beenSeized. Returns true when the active locality changed.
     */
    public boolean seize(int locality) {
        bit(locality);
        if (active == locality || (active != NONE && locality < active)) {
            return false;
        }
        if (active != NONE) {
            seized |= bit(active);
        }
        grant(locality);
        return true;
    }

    /** Back to power-on: nothing active, requested or seized. */
    public void reset() {
        active = NONE;
        requested = 0;
        seized = 0;
    }

    private void grant(int locality) {
        active = locality;
        requested &= ~bit(locality);
    }

    private int bit(int locality) {
        if (locality < 0 || locality >= count) {
            throw new IllegalArgumentException("no locality " + locality);
        }
        return 1 << locality;
    }
}
