package io.jvtpm.engine.core;

import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmWriter;

/**
 * Dictionary-attack protection (TPM 2.0 Library Part 1, 19.8; Part 3, 25): failedTries against
 * maxTries, self-healing of one failure per recoveryTime, the lockout of lockoutAuth for
 * lockoutRecovery after its own failure, and the startup rules. Every interval is measured on the
 * TPM's Time (milliseconds since _TPM_Init), never on Clock, which TPM2_ClockSet moves forward.
 * The two timers are Time values of this boot; at an orderly Shutdown the Time is kept so that the
 * next boot credits the time up to that Shutdown (as libtpms' ACCUMULATE_SELF_HEAL_TIMER does).
 * Not thread-safe: the engine runs one command at a time.
 */
public final class DictionaryAttack {
    /** The manufacture defaults (libtpms' DAPreInstall_Init), restored by TPM2_Clear. */
    static final int DEFAULT_MAX_TRIES = 3;
    static final int DEFAULT_RECOVERY_TIME = 1000;
    static final int DEFAULT_LOCKOUT_RECOVERY = 1000;
    private static final long MS = 1000L;

    // permanent
    private int failedTries;
    private int maxTries = DEFAULT_MAX_TRIES;
    private int recoveryTime = DEFAULT_RECOVERY_TIME;
    private int lockoutRecovery = DEFAULT_LOCKOUT_RECOVERY;
    private boolean lockoutAuthEnabled = true;
    /** Set at the first DA-protected authorization of a cycle; an unorderly end then counts a failure. */
    private boolean daUsedMarker;
    /** Time (of the boot that saved them) of the last failure / of the last lockoutAuth failure. */
    private long selfHealTimer;
    private long lockoutTimer;
    /** Time at the last orderly Shutdown. */
    private long shutdownTime;

    // volatile
    /** libtpms' g_daUsed: a DA-protected authorization was already checked in this cycle. */
    private boolean daUsed;

    /** A newly manufactured TPM's parameters. */
    DictionaryAttack() {
    }

    /** The state of a permanent state file from before this record: its lockoutAuth state, defaults else. */
    static DictionaryAttack legacy(boolean lockoutAuthEnabled, int lockoutRecovery) {
        DictionaryAttack d = new DictionaryAttack();
        d.lockoutAuthEnabled = lockoutAuthEnabled;
        d.lockoutRecovery = lockoutRecovery;
        return d;
    }

    /** TPM_PT_LOCKOUT_COUNTER. */
    public int failedTries() {
        return failedTries;
    }

    /** TPM_PT_MAX_AUTH_FAIL. */
    public int maxTries() {
        return maxTries;
    }

    /** TPM_PT_LOCKOUT_INTERVAL, in seconds. */
    public int recoveryTime() {
        return recoveryTime;
    }

    /** TPM_PT_LOCKOUT_RECOVERY, in seconds. */
    public int lockoutRecovery() {
        return lockoutRecovery;
    }

    /** TPMA_PERMANENT.inLockout: failedTries has reached maxTries. */
    public boolean inLockout() {
        return Integer.compareUnsigned(failedTries, maxTries) >= 0;
    }

    /** True when lockoutAuth may be tried now. */
    public boolean lockoutAuthEnabled() {
        return lockoutAuthEnabled;
    }

    /**
     * Whether a DA-protected authorization may be tried now (Part 1, 19.8.2; libtpms'
     * CheckLockedOut): LOCKOUT in lockout, RETRY the first time in a cycle (the TPM first records
     * in NV that DA protection is in use, so that a power loss counts as a failure), else ALLOWED.
     */
    public Verdict check(boolean lockoutAuth) {
        if (lockoutAuth) {
            return lockoutAuthEnabled ? Verdict.ALLOWED : Verdict.LOCKOUT;
        }
        if (inLockout()) {
            return Verdict.LOCKOUT;
        }
        if (!daUsed) {
            daUsed = true;
            daUsedMarker = true;
            return Verdict.RETRY;
        }
        return Verdict.ALLOWED;
    }

    /** The answer of {@link #check}. */
    public enum Verdict {
        ALLOWED, LOCKOUT, RETRY
    }

    /**
     * A failed authorization of a DA-protected entity at Time {@code now} (libtpms'
     * IncrementLockout and DARegisterFailure): lockoutAuth is disabled, or failedTries counts
     * one more unless recoveryTime is 0.
     */
    public void failed(boolean lockoutAuth, long now) {
        if (lockoutAuth) {
            lockoutAuthEnabled = false;
            lockoutTimer = now;
        } else {
            if (recoveryTime != 0) {
                failedTries++;
            }
            selfHealTimer = now;
        }
    }

    /**
     * Self-healing at Time {@code now} (libtpms' DASelfHeal): failedTries loses one per
     * recoveryTime since the last failure (all at once when recoveryTime is 0); lockoutAuth is
     * enabled again lockoutRecovery after its failure (never by time when lockoutRecovery is 0).
     * True when the permanent state changed.
     */
    public boolean selfHeal(long now) {
        boolean changed = false;
        if (failedTries != 0) {
            if (recoveryTime == 0) {
                failedTries = 0;
                changed = true;
            } else {
                long periods = Math.max(0, now - selfHealTimer) / MS / Integer.toUnsignedLong(recoveryTime);
                if (periods != 0) {
                    failedTries = Integer.toUnsignedLong(failedTries) <= periods ? 0 : failedTries - (int) periods;
                    selfHealTimer += periods * Integer.toUnsignedLong(recoveryTime) * MS;
                    changed = true;
                }
            }
        }
        if (!lockoutAuthEnabled && lockoutRecovery != 0
                && Math.max(0, now - lockoutTimer) / MS >= Integer.toUnsignedLong(lockoutRecovery)) {
            lockoutAuthEnabled = true;
            changed = true;
        }
        return changed;
    }

    /**
     * TPM2_Startup's effect (libtpms' DAStartup): the timers continue from an orderly Shutdown
     * and restart at 0 otherwise; lockoutAuth is enabled when lockoutRecovery is 0; after an
     * unorderly end of a cycle that used DA protection failedTries counts one more (while below
     * maxTries and recoveryTime is not 0).
     */
    void startup(boolean previousOrderly) {
        daUsed = daUsedMarker;
        daUsedMarker = false;
        if (previousOrderly) {
            selfHealTimer -= shutdownTime;
            lockoutTimer -= shutdownTime;
        } else {
            selfHealTimer = 0;
            lockoutTimer = 0;
        }
        if (lockoutRecovery == 0) {
            lockoutAuthEnabled = true;
        }
        if (recoveryTime != 0 && Integer.compareUnsigned(failedTries, maxTries) < 0 && !previousOrderly) {
            if (daUsed) {
                failedTries++;
            }
            daUsed = false;
        }
    }

    /** TPM2_Shutdown's effect: the cycle ended orderly at Time {@code now}. */
    void shutdown(long now) {
        shutdownTime = now;
        daUsedMarker = false;
    }

    /** TPM2_DictionaryAttackLockReset (Part 3, 25.2). */
    public void lockReset() {
        failedTries = 0;
    }

    /** TPM2_DictionaryAttackParameters (Part 3, 25.3); recoveryTime and lockoutRecovery in seconds. */
    public void setParameters(int newMaxTries, int newRecoveryTime, int newLockoutRecovery) {
        maxTries = newMaxTries;
        recoveryTime = newRecoveryTime;
        lockoutRecovery = newLockoutRecovery;
    }

    /** TPM2_Clear's effect: the manufacture defaults, no failures, lockoutAuth enabled. */
    void clear() {
        failedTries = 0;
        maxTries = DEFAULT_MAX_TRIES;
        recoveryTime = DEFAULT_RECOVERY_TIME;
        lockoutRecovery = DEFAULT_LOCKOUT_RECOVERY;
        lockoutAuthEnabled = true;
    }

    /** Marshals the permanent part. */
    void encode(TpmWriter w) {
        w.u32(failedTries).u32(maxTries).u32(recoveryTime).u32(lockoutRecovery);
        w.u8(lockoutAuthEnabled ? 1 : 0).u8(daUsedMarker ? 1 : 0);
        w.u64(selfHealTimer).u64(lockoutTimer).u64(shutdownTime);
    }

    /** Unmarshals what {@link #encode} wrote; null for a flag byte above 1. */
    static DictionaryAttack decode(TpmReader r) {
        DictionaryAttack d = new DictionaryAttack();
        d.failedTries = r.u32();
        d.maxTries = r.u32();
        d.recoveryTime = r.u32();
        d.lockoutRecovery = r.u32();
        int enabled = r.u8();
        int marker = r.u8();
        if (enabled > 1 || marker > 1) {
            return null;
        }
        d.lockoutAuthEnabled = enabled == 1;
        d.daUsedMarker = marker == 1;
        d.selfHealTimer = r.u64();
        d.lockoutTimer = r.u64();
        d.shutdownTime = r.u64();
        return d;
    }
}
