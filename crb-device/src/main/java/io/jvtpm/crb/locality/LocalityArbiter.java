package io.jvtpm.crb.locality;

/**
 * Locality arbitration of the CRB interface (PTP section 6.5.3.3 and 5.5.2 "locality usage"):
 * at most one locality is active; requestAccess is granted at once when the TPM is free and is
 * otherwise queued until the active locality relinquishes, the highest queued locality winning;
 * seize takes the TPM from a lower locality, which then reads beenSeized until it requests again.
 * Not thread-safe: the device guards it.
 */
public final class LocalityArbiter {

    /** No locality is active. */
    public static final int NONE = -1;

    private final int count;
    private int active = NONE;
    private int pending;
    private int seized;

    /** An arbiter for localities {@code 0 .. count-1}. */
    public LocalityArbiter(int count) {
        if (count < 1 || count > 8) {
            throw new IllegalArgumentException("locality count must be 1..8: " + count);
        }
        this.count = count;
    }

    /** The active locality, or {@link #NONE}. */
    public int active() {
        return active;
    }

    public boolean isActive(int locality) {
        return active == locality;
    }

    /** True when {@code locality} had the TPM taken away by a seize and has not requested since. */
    public boolean beenSeized(int locality) {
        return (seized & (1 << locality)) != 0;
    }

    /** True when {@code locality} waits for the active locality to relinquish. */
    public boolean isPending(int locality) {
        return (pending & (1 << locality)) != 0;
    }

    /** requestAccess from {@code locality}; true when the active locality changed. */
    public boolean requestAccess(int locality) {
        check(locality);
        seized &= ~(1 << locality);
        if (active == locality) {
            return false;
        }
        if (active == NONE) {
            active = locality;
            return true;
        }
        pending |= 1 << locality;
        return false;
    }

    /** relinquish from {@code locality}; true when the active locality changed. */
    public boolean relinquish(int locality) {
        check(locality);
        pending &= ~(1 << locality);
        if (active != locality) {
            return false;
        }
        active = NONE;
        if (pending != 0) {
            active = 31 - Integer.numberOfLeadingZeros(pending);
            pending &= ~(1 << active);
        }
        return true;
    }

    /** seize from {@code locality}; true when the active locality changed. */
    public boolean seize(int locality) {
        check(locality);
        if (active == locality || (active != NONE && locality < active)) {
            return false;
        }
        if (active != NONE) {
            seized |= 1 << active;
        }
        pending &= ~(1 << locality);
        active = locality;
        return true;
    }

    /** Back to power-on: nothing active, nothing queued, nothing seized. */
    public void reset() {
        active = NONE;
        pending = 0;
        seized = 0;
    }

    private void check(int locality) {
        if (locality < 0 || locality >= count) {
            throw new IllegalArgumentException("no locality " + locality);
        }
    }
}
