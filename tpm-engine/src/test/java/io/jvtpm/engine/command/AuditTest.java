package io.jvtpm.engine.command;

import static io.jvtpm.engine.TpmTestSupport.ok;
import static io.jvtpm.engine.TpmTestSupport.rc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.testing.AuditAttest;
import io.jvtpm.engine.testing.KeyTemplates;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSt;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.engine.wire.TpmWire;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Command audit and audit sessions (TPM 2.0 Library Part 1, 19.6.14 and "Command Audit"; Part 3, 18.5,
 * 18.6, 21.2): the digests the engine reports equal the ones a caller computes from cpHash and
 * rpHash, the refused cases answer the spec's codes, and the command audit digest lives as
 * state-reset data (kept by TPM Restart, emptied by TPM Reset and by a signed
 * GetCommandAuditDigest) while the audit settings and counter are permanent.
 */
class AuditTest {
    @Test
    void digestsAreTheCallersAndRefusalsTheSpecs() {
        try (InProcessBackend tpm = TpmTestSupport.started(3)) {
            Map<String, String> answers = AuditScenarios.run(c -> tpm.execute(0, c));
            List<String> wrong = new ArrayList<>();
            answers.forEach((name, value) -> {
                if (name.endsWith("vs caller") || name.endsWith("response HMAC")) {
                    if (!value.equals(AuditScenarios.MATCHES)) {
                        wrong.add(name + ": " + value);
                    }
                } else if (value.startsWith("rc ")) {
                    int want = AuditScenarios.REFUSED.getOrDefault(name, 0);
                    if (!value.equals("rc 0x" + Integer.toHexString(want))) {
                        wrong.add(name + ": " + value + ", expected 0x" + Integer.toHexString(want));
                    }
                }
            });
            assertTrue(answers.size() > 90, "scenario run too short: " + answers.size());
            assertEquals(List.of(), wrong, String.join("\n", answers.entrySet().stream()
                    .map(e -> e.getKey() + " = " + e.getValue()).toList()));
            // exclusivity as the response attributes and GetSessionAuditDigest report it
            assertEquals("0x83", answers.get("first audit use: response attributes"));
            assertEquals("0x83", answers.get("auditExclusive while exclusive: response attributes"));
            assertEquals("0x81", answers.get("audit, no longer exclusive: response attributes"));
            assertEquals("false", answers.get("exclusive after four commands"));
            assertEquals("0x87", answers.get("auditReset: response attributes"));
            assertEquals("true", answers.get("exclusive after auditReset"));
            assertEquals("true", answers.get("exclusive after ContextSave and ContextLoad"));
            assertEquals("0x83", answers.get("auditExclusive at the first audit use: response attributes"));
            assertEquals("0x87", answers.get("auditReset and auditExclusive on a session not exclusive: response"
                    + " attributes"));
            assertEquals(AuditScenarios.MATCHES, answers.get("session audit digest beside an encrypt session vs caller"));
            assertEquals("1 as counted", answers.get("audit counter after Hash"));
            assertEquals("2 as counted", answers.get("audit counter at the end"));
            assertEquals("0x" + Integer.toHexString(TpmAlgId.SHA256.value()), answers.get("audit alg at the end"));
            assertEquals("40000007", answers.get("qualified signer at the end"));
        }
    }

    @Test
    void signedCommandAuditDigestEmptiesTheDigest() {
        try (InProcessBackend tpm = TpmTestSupport.started(4)) {
            byte[] primary = ok(tpm, TpmCommands.createPrimary(TpmRh.ENDORSEMENT, new byte[0],
                    KeyTemplates.eccSigning()));
            int key = TpmWire.u32(primary, TpmWire.HEADER_SIZE);
            ok(tpm, TpmCommands.setCommandCodeAuditStatus(TpmRh.PLATFORM, null, List.of(TpmCc.GET_RANDOM),
                    List.of()));
            ok(tpm, TpmCommands.getRandom(8));
            AuditAttest unsigned = AuditAttest.parse(ok(tpm, TpmCommands.getCommandAuditDigest(TpmRh.NULL.value(),
                    new byte[0])));
            assertEquals(64, unsigned.auditDigest().length);
            assertEquals(TpmAlgId.NULL.value(), unsigned.signatureAlg());
            AuditAttest signed = AuditAttest.parse(ok(tpm, TpmCommands.getCommandAuditDigest(key, new byte[] {9})));
            assertEquals(TpmSt.ATTEST_COMMAND_AUDIT.value(), signed.type());
            assertEquals(TpmAlgId.ECDSA.value(), signed.signatureAlg());
            assertArrayEquals(unsigned.auditDigest(), signed.auditDigest());
            assertArrayEquals(new byte[] {9}, signed.extraData());
            // emptied: the next audited command starts a new digest and counts
            AuditAttest after = AuditAttest.parse(ok(tpm, TpmCommands.getCommandAuditDigest(TpmRh.NULL.value(),
                    new byte[0])));
            assertEquals(0, after.auditDigest().length);
            assertEquals(1, after.auditCounter());
            ok(tpm, TpmCommands.getRandom(8));
            assertEquals(2, AuditAttest.parse(ok(tpm, TpmCommands.getCommandAuditDigest(TpmRh.NULL.value(),
                    new byte[0]))).auditCounter());
            // a key that does not sign: TPM_RC_KEY for the signing handle
            byte[] storage = ok(tpm, TpmCommands.createPrimary(TpmRh.OWNER, new byte[0], KeyTemplates.rsaStorage(2048)));
            int notSigning = TpmWire.u32(storage, TpmWire.HEADER_SIZE);
            assertEquals(io.jvtpm.engine.wire.TpmRc.KEY.handle(2),
                    rc(tpm.execute(0, TpmCommands.getCommandAuditDigest(notSigning, new byte[0]))));
        }
    }

    @Test
    void digestIsStateResetDataAndSettingsArePermanent() {
        try (InProcessBackend tpm = TpmTestSupport.started(5)) {
            ok(tpm, TpmCommands.setCommandCodeAuditStatus(TpmRh.OWNER, null, List.of(TpmCc.GET_RANDOM), List.of()));
            ok(tpm, TpmCommands.getRandom(8));
            AuditAttest before = commandAudit(tpm);
            // TPM Restart: Shutdown(STATE), _TPM_Init, Startup(CLEAR)
            ok(tpm, TpmCommands.shutdown(TpmSu.STATE));
            tpm.init();
            ok(tpm, TpmCommands.startup(TpmSu.CLEAR));
            AuditAttest restarted = commandAudit(tpm);
            assertArrayEquals(before.auditDigest(), restarted.auditDigest());
            assertEquals(1, restarted.auditCounter());
            // TPM Resume keeps it too
            ok(tpm, TpmCommands.shutdown(TpmSu.STATE));
            tpm.init();
            ok(tpm, TpmCommands.startup(TpmSu.STATE));
            assertArrayEquals(before.auditDigest(), commandAudit(tpm).auditDigest());
            // TPM Reset empties it; the list and counter stay
            ok(tpm, TpmCommands.shutdown(TpmSu.CLEAR));
            tpm.init();
            ok(tpm, TpmCommands.startup(TpmSu.CLEAR));
            AuditAttest reset = commandAudit(tpm);
            assertEquals(0, reset.auditDigest().length);
            assertEquals(1, reset.auditCounter());
            assertArrayEquals(before.commandDigest(), reset.commandDigest());
            ok(tpm, TpmCommands.getRandom(8));
            assertEquals(2, commandAudit(tpm).auditCounter());
            assertNotEquals(0, commandAudit(tpm).auditDigest().length);
            // TPM2_Clear: the counter starts over
            ok(tpm, TpmCommands.clear(TpmRh.PLATFORM));
            assertEquals(0, commandAudit(tpm).auditCounter());
        }
    }

    private static AuditAttest commandAudit(InProcessBackend tpm) {
        return AuditAttest.parse(ok(tpm, TpmCommands.getCommandAuditDigest(TpmRh.NULL.value(), new byte[0])));
    }

    @Test
    void hashAlgorithmIsPermanent() {
        try (InProcessBackend tpm = TpmTestSupport.started(6)) {
            ok(tpm, TpmCommands.setCommandCodeAuditStatus(TpmRh.OWNER, HashAlgorithm.SHA384, List.of(), List.of()));
            tpm.powerOff();
            tpm.init();
            ok(tpm, TpmCommands.startup(TpmSu.CLEAR));
            assertEquals(TpmAlgId.SHA384.value(), commandAudit(tpm).digestAlg());
        }
    }
}
