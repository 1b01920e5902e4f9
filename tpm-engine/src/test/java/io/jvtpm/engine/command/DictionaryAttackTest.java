package io.jvtpm.engine.command;

import static io.jvtpm.engine.TpmTestSupport.ok;
import static io.jvtpm.engine.TpmTestSupport.rc;
import static io.jvtpm.engine.command.DaCommands.EMPTY;
import static io.jvtpm.engine.command.DaCommands.KEY_AUTH;
import static io.jvtpm.engine.command.DaCommands.WRONG;
import static io.jvtpm.engine.command.DaCommands.hmac;
import static io.jvtpm.engine.command.DaCommands.lockReset;
import static io.jvtpm.engine.command.DaCommands.parameters;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.ManualClock;
import io.jvtpm.engine.command.DaCommands.Protection;
import io.jvtpm.engine.platform.MemoryNvStore;
import io.jvtpm.engine.platform.NvStore;
import io.jvtpm.engine.platform.Platform;
import io.jvtpm.engine.platform.PlatformSignals;
import io.jvtpm.engine.platform.SeededEntropy;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TaggedProperty;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmPt;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmResponse;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Dictionary-attack protection end to end (TPM 2.0 Library Part 1, 19.8; Part 3, 25) on a TPM
 * whose platform clock the test moves: lockout after maxTries, self-healing on Time (not on
 * Clock), noDA objects and hierarchies, lockoutAuth's own lockout, the two DA commands, the
 * startup rules and what GetCapability reports.
 */
class DictionaryAttackTest {
    private static final int AUTH_FAIL = TpmRc.AUTH_FAIL.session(1);
    private static final int BAD_AUTH = TpmRc.BAD_AUTH.session(1);
    private static final int LOCKOUT = TpmRc.LOCKOUT.value();
    private static final int RETRY = TpmRc.RETRY.value();
    private static final int IN_LOCKOUT = 1 << 9;

    private final ManualClock clock = new ManualClock();
    private final NvStore nv = new MemoryNvStore();
    private InProcessBackend tpm;

    private void powerOn() {
        tpm = InProcessBackend.onPlatform(new Platform(new SeededEntropy(21), clock, nv, new PlatformSignals()));
        tpm.init(true);
        ok(tpm, TpmCommands.startup(TpmSu.CLEAR));
    }

    /** Power lost without Shutdown, then the TPM starts again on the same NV. */
    private void powerCycle() {
        tpm.close();
        powerOn();
    }

    @AfterEach
    void close() {
        if (tpm != null) {
            tpm.close();
        }
    }

    private int key(Protection p) {
        return TpmResponse.parse(ok(tpm, DaCommands.createHmacKey(p))).handle(0);
    }

    /** The first DA-protected authorization of a cycle answers TPM_RC_RETRY, as libtpms does; then it counts. */
    private void daInUse(int key) {
        assertEquals(RETRY, rc(tpm.execute(0, hmac(key, KEY_AUTH))));
        ok(tpm, hmac(key, KEY_AUTH));
    }

    private int property(TpmPt pt) {
        for (TaggedProperty p : TpmResponse.parse(ok(tpm, DaCommands.lockoutProperties())).tpmProperties()) {
            if (p.property() == pt.value()) {
                return p.value();
            }
        }
        throw new AssertionError("no " + pt);
    }

    private int failedTries() {
        return property(TpmPt.LOCKOUT_COUNTER);
    }

    @Test
    void protectedKeyLocksOutAfterMaxTriesAndHealsOnTime() {
        powerOn();
        int key = key(Protection.DA_PROTECTED);
        daInUse(key);
        for (int i = 1; i <= 3; i++) {
            assertEquals(AUTH_FAIL, rc(tpm.execute(0, hmac(key, WRONG))), "failure " + i);
            assertEquals(i, failedTries());
        }
        assertEquals(IN_LOCKOUT, property(TpmPt.PERMANENT) & IN_LOCKOUT);
        assertEquals(LOCKOUT, rc(tpm.execute(0, hmac(key, KEY_AUTH))), "even the right value");
        assertEquals(LOCKOUT, rc(tpm.execute(0, hmac(key, WRONG))));
        assertEquals(3, failedTries(), "a try in lockout counts nothing");

        // Clock set far ahead does not heal: recovery runs on Time
        ok(tpm, TpmCommands.clockSet(1L << 50));
        assertEquals(LOCKOUT, rc(tpm.execute(0, hmac(key, KEY_AUTH))));
        clock.advance(999_999);
        assertEquals(LOCKOUT, rc(tpm.execute(0, hmac(key, KEY_AUTH))));
        assertEquals(3, failedTries());
        clock.advance(1);
        assertEquals(2, failedTries(), "one failure forgotten per recoveryTime");
        assertEquals(0, property(TpmPt.PERMANENT) & IN_LOCKOUT);
        ok(tpm, hmac(key, KEY_AUTH));
        clock.advance(2_000_000);
        assertEquals(0, failedTries());
    }

    @Test
    void noDaKeysHierarchiesAndSequencesNeverLock() {
        powerOn();
        int key = key(Protection.NO_DA);
        for (int i = 0; i < 10; i++) {
            assertEquals(BAD_AUTH, rc(tpm.execute(0, hmac(key, WRONG))));
            assertEquals(BAD_AUTH, rc(tpm.execute(0, TpmCommands.hierarchyChangeAuth(TpmRh.OWNER, WRONG, EMPTY))));
        }
        int seq = TpmResponse.parse(ok(tpm, TpmCommands.hashSequenceStart(KEY_AUTH,
                HashAlgorithm.SHA256))).handle(0);
        assertEquals(BAD_AUTH, rc(tpm.execute(0, TpmCommands.sequenceUpdate(seq, WRONG, new byte[1]))));
        assertEquals(0, failedTries());
        ok(tpm, hmac(key, KEY_AUTH));

        // in lockout a noDA key still works, a protected one does not
        int da = key(Protection.DA_PROTECTED);
        daInUse(da);
        ok(tpm, parameters(0, 1000, 1000));
        assertEquals(LOCKOUT, rc(tpm.execute(0, hmac(da, KEY_AUTH))), "maxTries 0: always in lockout");
        ok(tpm, hmac(key, KEY_AUTH));
        ok(tpm, TpmCommands.hierarchyChangeAuth(TpmRh.OWNER, EMPTY, EMPTY));
    }

    @Test
    void lockoutAuthFailureLocksItForLockoutRecovery() {
        powerOn();
        ok(tpm, parameters(3, 1000, 10));
        assertEquals(AUTH_FAIL, rc(tpm.execute(0, lockReset(WRONG))));
        assertEquals(LOCKOUT, rc(tpm.execute(0, lockReset(EMPTY))));
        assertEquals(LOCKOUT, rc(tpm.execute(0, TpmCommands.clear(TpmRh.LOCKOUT))));
        assertEquals(0, property(TpmPt.PERMANENT) & IN_LOCKOUT, "lockoutAuth's lockout is not inLockout");
        assertEquals(0, failedTries(), "nor a failedTries");
        ok(tpm, TpmCommands.clockSet(1L << 50));
        clock.advance(9_999);
        assertEquals(LOCKOUT, rc(tpm.execute(0, lockReset(EMPTY))));
        clock.advance(1);
        ok(tpm, lockReset(EMPTY));

        // lockoutRecovery 0: only the next Startup enables lockoutAuth again
        ok(tpm, parameters(3, 1000, 0));
        assertEquals(AUTH_FAIL, rc(tpm.execute(0, lockReset(WRONG))));
        clock.advance(100_000_000);
        assertEquals(LOCKOUT, rc(tpm.execute(0, lockReset(EMPTY))));
        ok(tpm, TpmCommands.shutdown(TpmSu.CLEAR));
        tpm.init(true);
        ok(tpm, TpmCommands.startup(TpmSu.CLEAR));
        ok(tpm, lockReset(EMPTY));
    }

    @Test
    void lockResetEndsTheLockout() {
        powerOn();
        int key = key(Protection.DA_PROTECTED);
        daInUse(key);
        for (int i = 0; i < 3; i++) {
            tpm.execute(0, hmac(key, WRONG));
        }
        assertEquals(LOCKOUT, rc(tpm.execute(0, hmac(key, KEY_AUTH))));
        ok(tpm, lockReset(EMPTY));
        assertEquals(0, failedTries());
        ok(tpm, hmac(key, KEY_AUTH));
    }

    @Test
    void parametersAreSetReportedAndRestoredByClear() {
        powerOn();
        assertEquals(3, property(TpmPt.MAX_AUTH_FAIL), "manufacture defaults");
        assertEquals(1000, property(TpmPt.LOCKOUT_INTERVAL));
        assertEquals(1000, property(TpmPt.LOCKOUT_RECOVERY));
        ok(tpm, parameters(5, 7, 11));
        assertEquals(5, property(TpmPt.MAX_AUTH_FAIL));
        assertEquals(7, property(TpmPt.LOCKOUT_INTERVAL));
        assertEquals(11, property(TpmPt.LOCKOUT_RECOVERY));

        // recoveryTime 0 turns the counting off; a failure still is TPM_RC_AUTH_FAIL
        ok(tpm, parameters(5, 0, 11));
        int key = key(Protection.DA_PROTECTED);
        daInUse(key);
        for (int i = 0; i < 8; i++) {
            assertEquals(AUTH_FAIL, rc(tpm.execute(0, hmac(key, WRONG))));
        }
        assertEquals(0, failedTries());

        ok(tpm, TpmCommands.clear(TpmRh.PLATFORM));
        assertEquals(3, property(TpmPt.MAX_AUTH_FAIL));
        assertEquals(1000, property(TpmPt.LOCKOUT_INTERVAL));
        assertEquals(1000, property(TpmPt.LOCKOUT_RECOVERY));
    }

    @Test
    void commandsNeedLockoutAuthorization() {
        powerOn();
        byte[] byOwner = CommandBuilder.of(TpmCc.DICTIONARY_ATTACK_LOCK_RESET).handle(TpmRh.OWNER)
                .emptyPassword().build();
        assertEquals(TpmRc.VALUE.handle(1), rc(tpm.execute(0, byOwner)), "TPMI_RH_LOCKOUT");
        byte[] noAuth = CommandBuilder.of(TpmCc.DICTIONARY_ATTACK_PARAMETERS)
                .handle(TpmRh.LOCKOUT).u32(1).u32(1).u32(1).build();
        assertEquals(TpmRc.AUTH_MISSING.value(), rc(tpm.execute(0, noAuth)));
        byte[] shortParams = CommandBuilder.of(TpmCc.DICTIONARY_ATTACK_PARAMETERS)
                .handle(TpmRh.LOCKOUT).emptyPassword().u32(1).u32(1).build();
        assertEquals(TpmRc.INSUFFICIENT.param(3), rc(tpm.execute(0, shortParams)));
    }

    @Test
    void unorderlyEndOfACycleThatUsedDaCountsAFailure() {
        powerOn();
        int key = key(Protection.DA_PROTECTED);
        daInUse(key);
        powerCycle();
        assertEquals(1, failedTries(), "DA was in use when power was lost");
        powerCycle();
        assertEquals(1, failedTries(), "not in use in the last cycle");

        key = key(Protection.DA_PROTECTED);
        daInUse(key);
        ok(tpm, TpmCommands.shutdown(TpmSu.CLEAR));
        tpm.init(true);
        ok(tpm, TpmCommands.startup(TpmSu.CLEAR));
        assertEquals(1, failedTries(), "an orderly shutdown counts nothing");
    }

    @Test
    void timeBeforeAnOrderlyShutdownCountsTowardsRecovery() {
        powerOn();
        int key = key(Protection.DA_PROTECTED);
        daInUse(key);
        assertEquals(AUTH_FAIL, rc(tpm.execute(0, hmac(key, WRONG))));
        clock.advance(600_000);
        ok(tpm, TpmCommands.shutdown(TpmSu.CLEAR));
        clock.advance(5_000_000);
        tpm.init(true);
        ok(tpm, TpmCommands.startup(TpmSu.CLEAR));
        assertEquals(1, failedTries(), "powered off time does not count");
        clock.advance(399_999);
        assertEquals(1, failedTries());
        clock.advance(1);
        assertEquals(0, failedTries(), "600 s before the shutdown and 400 s after it");
    }

    @Test
    void unorderlyRestartStartsRecoveryOver() {
        powerOn();
        int key = key(Protection.DA_PROTECTED);
        daInUse(key);
        assertEquals(AUTH_FAIL, rc(tpm.execute(0, hmac(key, WRONG))));
        clock.advance(600_000);
        powerCycle();
        assertEquals(2, failedTries(), "the failure, and one for the lost power");
        clock.advance(999_999);
        assertEquals(2, failedTries());
        clock.advance(1);
        assertEquals(1, failedTries());
    }
}
