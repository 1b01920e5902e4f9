package io.jvtpm.engine.wire;

/**
 * The parameters of TPM2_DictionaryAttackParameters (TPM 2.0 Library Part 3, 25.3), as
 * TPM_PT_MAX_AUTH_FAIL, TPM_PT_LOCKOUT_INTERVAL and TPM_PT_LOCKOUT_RECOVERY report them.
 *
 * @param maxTries         newMaxTries: failures before lockout
 * @param recoveryTime     newRecoveryTime: seconds per failure forgotten (0: no DA protection)
 * @param lockoutRecovery  seconds before lockoutAuth may be tried again after it failed (0: after
 *                         the next Startup)
 */
public record DaParameters(int maxTries, int recoveryTime, int lockoutRecovery) {
}
