package io.jvtpm.engine.command;

import io.jvtpm.engine.wire.TpmReader;

/**
 * Dictionary-attack commands (TPM 2.0 Library Part 3, 25): DictionaryAttackLockReset and
 * DictionaryAttackParameters, both authorized by TPM_RH_LOCKOUT (lockoutAuth, or lockoutPolicy
 * in a policy session).
 */
final class DictionaryCommands {
    private DictionaryCommands() {
    }

    /** TPM2_DictionaryAttackLockReset (Part 3, 25.2): failedTries is 0 again. */
    static void lockReset(Command c) {
        c.endParameters();
        c.tpm().dictionaryAttack().lockReset();
        c.tpm().permanentChanged();
    }

    /**
     * TPM2_DictionaryAttackParameters (Part 3, 25.3): maxTries, recoveryTime and lockoutRecovery
     * (seconds) take the new values; failedTries stays.
     */
    static void parameters(Command c) {
        TpmReader r = c.in();
        int newMaxTries = r.u32();
        r.param(2);
        int newRecoveryTime = r.u32();
        r.param(3);
        int lockoutRecovery = r.u32();
        c.endParameters();
        c.tpm().dictionaryAttack().setParameters(newMaxTries, newRecoveryTime, lockoutRecovery);
        c.tpm().permanentChanged();
    }
}
