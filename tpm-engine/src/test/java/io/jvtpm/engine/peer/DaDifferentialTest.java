package io.jvtpm.engine.peer;

import static io.jvtpm.engine.command.DaCommands.EMPTY;
import static io.jvtpm.engine.command.DaCommands.KEY_AUTH;
import static io.jvtpm.engine.command.DaCommands.WRONG;
import static io.jvtpm.engine.command.DaCommands.hmac;
import static io.jvtpm.engine.command.DaCommands.lockReset;
import static io.jvtpm.engine.command.DaCommands.parameters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.command.DaCommands;
import io.jvtpm.engine.command.DaCommands.Protection;
import io.jvtpm.engine.wire.AuthCommand;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.DaParameters;
import io.jvtpm.engine.wire.TaggedProperty;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmPt;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmResponse;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.engine.wire.TpmaSession;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dictionary-attack protection side by side with libtpms in process (TPM 2.0 Library Part 1,
 * 19.8; Part 3, 25): a sequence of good and failed authorizations of a protected key, a noDA key,
 * hierarchies and lockoutAuth, with lockouts, DictionaryAttackLockReset,
 * DictionaryAttackParameters and Clear, gets the same response code from both, and after each
 * step both report the same TPMA_PERMANENT and TPM_PT_LOCKOUT_* values.
 */
@Tag("peer")
class DaDifferentialTest {
    private static final Logger LOG = LoggerFactory.getLogger(DaDifferentialTest.class);

    private final List<String> differences = new ArrayList<>();
    private LibTpms lib;
    private InProcessBackend ours;
    private int steps;

    /** Sends {@code command} to both; the response codes and then the DA capabilities must agree. */
    private void step(String what, byte[] command) {
        int theirs = TpmTestSupport.rc(lib.process(command));
        int mine = TpmTestSupport.rc(ours.execute(0, command));
        steps++;
        if (theirs != mine) {
            differences.add(what + ": libtpms 0x" + Integer.toHexString(theirs) + ", jvtpm 0x" + Integer.toHexString(mine));
        }
        compareCapabilities(what);
    }

    private void compareCapabilities(String what) {
        String theirs = properties(lib.process(DaCommands.lockoutProperties()));
        String mine = properties(ours.execute(0, DaCommands.lockoutProperties()));
        if (!theirs.equals(mine)) {
            differences.add("capabilities after " + what + ": libtpms " + theirs + ", jvtpm " + mine);
        }
    }

    /** TPMA_PERMANENT and the four TPM_PT_LOCKOUT_* values. */
    private static String properties(byte[] response) {
        StringBuilder b = new StringBuilder();
        for (TaggedProperty p : TpmResponse.parse(response).tpmProperties()) {
            if (p.property() == TpmPt.PERMANENT.value() || p.property() >= TpmPt.LOCKOUT_COUNTER.value()) {
                b.append(Integer.toHexString(p.property())).append('=').append(Integer.toHexString(p.value())).append(' ');
            }
        }
        return b.toString().trim();
    }

    private int key(Protection p) {
        byte[] command = DaCommands.createHmacKey(p);
        int theirs = TpmResponse.parse(lib.process(command)).handle(0);
        int mine = TpmResponse.parse(TpmTestSupport.ok(ours, command)).handle(0);
        assertEquals(theirs, mine, "key handle");
        return mine;
    }

    @Test
    void sameLockoutBehaviourAsLibtpms() throws InterruptedException {
        LibTpms.require();
        try (LibTpms l = LibTpms.start(); InProcessBackend o = TpmTestSupport.started(31)) {
            lib = l;
            ours = o;
            assertEquals(0, TpmTestSupport.rc(lib.process(TpmCommands.startup(TpmSu.CLEAR))));
            compareCapabilities("Startup");
            int da = key(Protection.DA_PROTECTED);
            int noDa = key(Protection.NO_DA);
            step("first use of a protected key (RETRY)", hmac(da, KEY_AUTH));
            step("protected key, right auth", hmac(da, KEY_AUTH));
            for (int i = 1; i <= 3; i++) {
                step("protected key, wrong auth " + i, hmac(da, WRONG));
            }
            step("protected key in lockout, wrong auth", hmac(da, WRONG));
            step("protected key in lockout, right auth", hmac(da, KEY_AUTH));
            step("noDA key in lockout, wrong auth", hmac(noDa, WRONG));
            step("noDA key in lockout, right auth", hmac(noDa, KEY_AUTH));
            step("owner, wrong auth", TpmCommands.hierarchyChangeAuth(TpmRh.OWNER, WRONG, EMPTY));
            step("LockReset", lockReset(EMPTY));
            step("protected key after LockReset", hmac(da, KEY_AUTH));
            step("Parameters maxTries 0", parameters(0, 5, 7));
            step("protected key, maxTries 0", hmac(da, KEY_AUTH));
            step("Parameters recoveryTime 0", parameters(2, 0, 7));
            step("protected key, recoveryTime 0, wrong auth", hmac(da, WRONG));
            step("protected key, recoveryTime 0, wrong auth again", hmac(da, WRONG));
            step("Parameters lockoutRecovery 0", parameters(2, 1, 0));
            step("LockReset, wrong lockoutAuth", lockReset(WRONG));
            step("LockReset, lockoutAuth locked out", lockReset(EMPTY));
            step("Clear by lockout, locked out", TpmCommands.clear(TpmRh.LOCKOUT));
            step("Clear by platform", TpmCommands.clear(TpmRh.PLATFORM));
            step("LockReset after Clear", lockReset(EMPTY));
            // a key created after Clear: the one before belonged to the old owner
            step("Flush of a key Clear flushed", TpmCommands.flushContext(da));
            step("Flush of a key Clear flushed", TpmCommands.flushContext(noDa));
            da = key(Protection.DA_PROTECTED);
            step("protected key after Clear, wrong auth", hmac(da, WRONG));
            step("protected key after Clear, right auth", hmac(da, KEY_AUTH));
            sessions(da, noDa());
            step("Parameters by owner", CommandBuilder.of(TpmCc.DICTIONARY_ATTACK_PARAMETERS).handle(TpmRh.OWNER)
                    .emptyPassword().u32(1).u32(1).u32(1).build());
            step("Parameters without authorization", CommandBuilder.of(TpmCc.DICTIONARY_ATTACK_PARAMETERS)
                    .handle(TpmRh.LOCKOUT).u32(1).u32(1).u32(1).build());
            step("Parameters cut short", CommandBuilder.of(TpmCc.DICTIONARY_ATTACK_PARAMETERS)
                    .handle(TpmRh.LOCKOUT).emptyPassword().u32(1).u32(1).build());
            step("LockReset with a parameter", CommandBuilder.of(TpmCc.DICTIONARY_ATTACK_LOCK_RESET)
                    .handle(TpmRh.LOCKOUT).emptyPassword().u32(0).build());
            step("lockoutAuth set", TpmCommands.hierarchyChangeAuth(TpmRh.LOCKOUT, EMPTY, KEY_AUTH));
            step("Parameters, wrong lockoutAuth", TpmCommands.dictionaryAttackParameters(
                    AuthCommand.password(WRONG), new DaParameters(1, 1, 1)));
            step("HierarchyChangeAuth of lockout, locked out",
                    TpmCommands.hierarchyChangeAuth(TpmRh.LOCKOUT, KEY_AUTH, EMPTY));
            step("Clear by platform again", TpmCommands.clear(TpmRh.PLATFORM));
            // last, as failedTries then changes with time
            selfHealing(key(Protection.DA_PROTECTED));
        }
        LOG.info("{} steps compared with libtpms", steps);
        assertTrue(steps > 30, "sequence too short");
        assertTrue(differences.isEmpty(), differences.size() + " differences:\n" + String.join("\n", differences));
    }

    private int noDa() {
        return key(Protection.NO_DA);
    }

    /** TPM2_StartAuthSession of an unsalted HMAC session bound to {@code bind}; its handle on both TPMs. */
    private int hmacSession(int bind) {
        byte[] command = CommandBuilder.of(TpmCc.START_AUTH_SESSION).handle(TpmRh.NULL).handle(bind)
                .tpm2b(new byte[16]).u16(0).u8(0x00).u16(TpmAlgId.NULL.value()).u16(TpmAlgId.SHA256.value()).build();
        int theirs = TpmResponse.parse(lib.process(command)).handle(0);
        int mine = TpmResponse.parse(TpmTestSupport.ok(ours, command)).handle(0);
        assertEquals(theirs, mine, "session handle");
        return mine;
    }

    /** TPM2_HMAC with {@code key} through HMAC session {@code session} with a wrong HMAC. */
    private static byte[] hmacThroughSession(int key, int session) {
        return CommandBuilder.of(TpmCc.HMAC).handle(key)
                .auth(new AuthCommand(session, new byte[16], TpmaSession.CONTINUE_SESSION, new byte[32]))
                .tpm2b(new byte[] {1, 2, 3}).u16(TpmAlgId.SHA256.value()).build();
    }

    /**
     * Failed HMACs of sessions (libtpms' isDaBound and isLockoutBound): an unbound session on a
     * protected key counts; a session bound to a protected key counts on a noDA key too, and is
     * locked out with it; one bound to a noDA key does not count; one bound to TPM_RH_LOCKOUT
     * locks lockoutAuth.
     */
    private void sessions(int da, int noDa) {
        int unbound = hmacSession(TpmRh.NULL.value());
        step("unbound session, protected key, wrong HMAC", hmacThroughSession(da, unbound));
        step("unbound session, noDA key, wrong HMAC", hmacThroughSession(noDa, unbound));
        step("Flush", TpmCommands.flushContext(unbound));
        int boundDa = hmacSession(da);
        step("session bound to a protected key, noDA key, wrong HMAC", hmacThroughSession(noDa, boundDa));
        step("session bound to a protected key, now in lockout", hmacThroughSession(noDa, boundDa));
        step("LockReset", lockReset(EMPTY));
        step("session bound to a protected key after LockReset, wrong HMAC", hmacThroughSession(noDa, boundDa));
        step("Flush", TpmCommands.flushContext(boundDa));
        step("LockReset", lockReset(EMPTY));
        int boundNoDa = hmacSession(noDa);
        step("session bound to a noDA key, wrong HMAC", hmacThroughSession(noDa, boundNoDa));
        step("Flush", TpmCommands.flushContext(boundNoDa));
        int boundLockout = hmacSession(TpmRh.LOCKOUT.value());
        step("session bound to lockout, noDA key, wrong HMAC", hmacThroughSession(noDa, boundLockout));
        step("session bound to lockout, lockout locked out", hmacThroughSession(noDa, boundLockout));
        step("Flush", TpmCommands.flushContext(boundLockout));
        step("Clear by platform", TpmCommands.clear(TpmRh.PLATFORM));
    }

    /**
     * Self-healing on both TPMs' own time: with recoveryTime 1 s, one failure is forgotten 1.5 s
     * after the last. The comparison is made only if the machine let both reads happen inside
     * the window between 1 and 2 s.
     */
    private void selfHealing(int da) throws InterruptedException {
        step("Parameters recoveryTime 1", parameters(3, 1, 1000));
        long start = System.nanoTime();
        step("wrong auth", hmac(da, WRONG));
        step("wrong auth", hmac(da, WRONG));
        step("wrong auth", hmac(da, WRONG));
        long failed = System.nanoTime();
        Thread.sleep(1500);
        String theirs = properties(lib.process(DaCommands.lockoutProperties()));
        String mine = properties(ours.execute(0, DaCommands.lockoutProperties()));
        long read = System.nanoTime();
        if ((read - start) / 1_000_000 < 1950 && (failed - start) / 1_000_000 < 50) {
            assertEquals(theirs, mine, "after 1.5 s of self-healing");
            assertTrue(mine.contains("20e=2 "), "one of three failures forgotten: " + mine);
        } else {
            LOG.warn("self-healing not compared: the machine stalled the test");
        }
    }
}
