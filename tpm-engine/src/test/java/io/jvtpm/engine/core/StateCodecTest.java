package io.jvtpm.engine.core;

import static io.jvtpm.engine.TpmTestSupport.hex;
import static io.jvtpm.engine.TpmTestSupport.rc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmStateException;
import io.jvtpm.engine.nv.StateFile;
import io.jvtpm.engine.wire.NvPublic;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TaggedHash;
import io.jvtpm.engine.wire.TpmNt;
import io.jvtpm.engine.wire.TpmaNv;
import io.jvtpm.engine.pcr.PcrBanks;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.engine.wire.TpmWire;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The on-disk layout of the permanent and saved state. The files under state/v2 were written by
 * the engine before its state code moved into {@link StateCodec}: a TPM that ran Startup(CLEAR),
 * made an ECC primary key persistent at 0x81000001, extended PCR 16 with PCR_Event, set the
 * owner authorization to "fixture" and ran Shutdown(STATE).
 */
class StateCodecTest {
    private static final String READ_PUBLIC_81000001 = "005a0023000b0003047200000006008000430010000300100020"
            + "b36c2e32defab21d223fc3b4b764de7565ac734ae942f305392de1f77b78fb2600204648ebbd34d9d8bbfb9636d51b9"
            + "8d5f1d34c234fab401ba1bdf32584fd4c19a80022000bacd9aa884434fc5f98a726aee56dc50a72d0b490bc9c86ea4e0"
            + "10acaf1e376910022000b147dd6284d55bd24fafa4356c149d1139ff7d20ef144b2ecdfdc4184fe16bf5f";

    @TempDir
    Path dir;

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = StateCodecTest.class.getResourceAsStream("/state/v2/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void permanentStateReencodesByteForByte() throws IOException {
        byte[] payload = StateFile.open(StateFile.Kind.PERMANENT, resource("permanent.state"), "fixture");
        PermanentState s = StateCodec.decodePermanent(payload, "fixture", out -> {
            throw new AssertionError("a version 2 state needs no entropy");
        });
        assertEquals(Orderly.STATE, s.orderly());
        assertEquals(1, s.resetCount());
        byte[] current = StateCodec.encodePermanent(s);
        assertEquals(StateCodec.PERMANENT_VERSION, TpmWire.u16(current, 0));
        PermanentState again = StateCodec.decodePermanent(current, "current", out -> {
            throw new AssertionError("a current state needs no entropy");
        });
        assertArrayEquals(current, StateCodec.encodePermanent(again));
    }

    /**
     * A version 2 state kept only lockoutAuth's state among the hierarchies (enabled, the Clock of
     * its failure, lockoutRecovery): it loads with those, and the dictionary-attack values it did
     * not have start at the defaults.
     */
    @Test
    void versionTwoLockoutStateCarriesOver() throws IOException {
        byte[] payload = StateFile.open(StateFile.Kind.PERMANENT, resource("permanent.state"), "fixture");
        assertEquals(2, TpmWire.u16(payload, 0));
        int at = 2;
        for (int i = 0; i < 6; i++) {
            at += 2 + TpmWire.u16(payload, at);
        }
        // phEnableNV, disableClear, then lockoutAuthEnabled, u64 Clock, u32 lockoutRecovery
        at += 2;
        byte[] old = payload.clone();
        old[at] = 0;
        old[at + 1 + 8 + 3] = 7;
        PermanentState s = StateCodec.decodePermanent(old, "v2", out -> { });
        DictionaryAttack da = s.dictionaryAttack();
        assertFalse(da.lockoutAuthEnabled());
        assertEquals(7, da.lockoutRecovery() & 0xFF);
        assertEquals(0, da.failedTries());
        assertEquals(DictionaryAttack.DEFAULT_MAX_TRIES, da.maxTries());
        assertEquals(DictionaryAttack.DEFAULT_RECOVERY_TIME, da.recoveryTime());
        // and it survives the move to the current layout
        PermanentState v3 = StateCodec.decodePermanent(StateCodec.encodePermanent(s), "v3", out -> { });
        assertFalse(v3.dictionaryAttack().lockoutAuthEnabled());
        assertEquals(da.lockoutRecovery(), v3.dictionaryAttack().lockoutRecovery());
    }

    /** The command audit section of a manufactured TPM: alg, counter, one command (SetCommandCodeAuditStatus). */
    private static final int AUDIT_SECTION = 2 + 8 + 2 + 4;

    /** Version 3 (before NV indices) loads with no index; a state with indices re-encodes byte for byte. */
    @Test
    void versionThreeLoadsWithoutIndicesAndIndicesRoundTrip() throws IOException {
        byte[] payload = StateFile.open(StateFile.Kind.PERMANENT, resource("permanent.state"), "fixture");
        PermanentState s = StateCodec.decodePermanent(payload, "fixture", out -> { });
        byte[] v6 = StateCodec.encodePermanent(s);
        // four absent authPolicies (2 each), the command audit section, and an empty NV section:
        // maxCounter (8 octets) and the count (2)
        byte[] v3 = Arrays.copyOf(v6, v6.length - 8 - AUDIT_SECTION - 10);
        v3[1] = 3;
        assertEquals(0, StateCodec.decodePermanent(v3, "v3", out -> { }).nvIndices().count());
        s.nvIndices().define(new NvPublic(0x01000001, TpmAlgId.SHA256.value(), TpmaNv.OWNERREAD | TpmaNv.OWNERWRITE,
                new byte[0], 8), new byte[] {1, 2}, 0);
        s.nvIndices().define(new NvPublic(0x01000002, TpmAlgId.SHA256.value(), TpmaNv.withType(TpmaNv.OWNERREAD
                | TpmaNv.OWNERWRITE | TpmaNv.ORDERLY, TpmNt.COUNTER), new byte[0], 8), new byte[0], 0);
        byte[] with = StateCodec.encodePermanent(s);
        PermanentState again = StateCodec.decodePermanent(with, "v5", out -> { });
        assertEquals(2, again.nvIndices().count());
        assertArrayEquals(with, StateCodec.encodePermanent(again));
        // an extend index whose size is not its digest's: refused, and named
        byte[] bad = with.clone();
        // the low octet of its TPMA_NV (after the handle and nameAlg) gets the type TPM_NT_EXTEND
        int attributesAt = indexOf(Arrays.copyOf(bad, bad.length - AUDIT_SECTION), new byte[] {0x01, 0x00, 0x00, 0x01})
                + 4 + 2;
        bad[attributesAt + 3] |= (byte) (TpmNt.EXTEND.value() << 4);
        TpmStateException e = assertThrows(TpmStateException.class, () -> StateCodec.decodePermanent(bad, "here",
                out -> { }));
        assertEquals("state file here: NV index 0x01000001: bad size", e.getMessage());
    }

    /** Version 6 keeps the owner, endorsement and lockout authPolicies and the PCR group's; version 5 loads without. */
    @Test
    void authPoliciesRoundTripAndVersionFiveLoads() throws IOException {
        byte[] payload = StateFile.open(StateFile.Kind.PERMANENT, resource("permanent.state"), "fixture");
        PermanentState s = StateCodec.decodePermanent(payload, "fixture", out -> { });
        byte[] v5 = Arrays.copyOf(StateCodec.encodePermanent(s), StateCodec.encodePermanent(s).length - 8);
        v5[1] = 5;
        assertEquals(null, StateCodec.decodePermanent(v5, "v5", out -> { }).hierarchies().authPolicy(
                TpmRh.OWNER.value()));
        s.hierarchies().setAuthPolicy(TpmRh.OWNER.value(), new TaggedHash(HashAlgorithm.SHA256, new byte[32]));
        s.hierarchies().setAuthPolicy(TpmRh.LOCKOUT.value(), new TaggedHash(HashAlgorithm.SHA384, new byte[48]));
        PermanentState withPcr = new PermanentState(s.hierarchies(), s.allocation(), s.pendingAllocation(), s.clock(),
                s.resetCount(), s.restartCount(), s.orderly(), s.established(), s.drbgSeed(), s.objectState(),
                s.dictionaryAttack(), s.nvIndices(), s.commandAudit(), new TaggedHash(HashAlgorithm.SHA1, new byte[20]));
        byte[] v6 = StateCodec.encodePermanent(withPcr);
        PermanentState back = StateCodec.decodePermanent(v6, "v6", out -> { });
        assertEquals(HashAlgorithm.SHA256, back.hierarchies().authPolicy(TpmRh.OWNER.value()).alg());
        assertEquals(HashAlgorithm.SHA384, back.hierarchies().authPolicy(TpmRh.LOCKOUT.value()).alg());
        assertEquals(null, back.hierarchies().authPolicy(TpmRh.ENDORSEMENT.value()));
        assertEquals(HashAlgorithm.SHA1, back.pcrPolicy().alg());
        assertArrayEquals(v6, StateCodec.encodePermanent(back));
    }

    /**
     * Version 4 (before command audit) loads with a new TPM's audit settings (SetCommandCodeAuditStatus
     * audited with SHA-512, counter 0); audit settings re-encode byte for byte.
     */
    @Test
    void versionFourLoadsWithDefaultAuditAndAuditRoundTrips() throws IOException {
        byte[] payload = StateFile.open(StateFile.Kind.PERMANENT, resource("permanent.state"), "fixture");
        PermanentState s = StateCodec.decodePermanent(payload, "fixture", out -> { });
        byte[] v6 = StateCodec.encodePermanent(s);
        // without the four (absent) authPolicies of version 6 and the audit section of version 5
        byte[] v4 = Arrays.copyOf(v6, v6.length - 8 - AUDIT_SECTION);
        v4[1] = 4;
        CommandAudit fresh = StateCodec.decodePermanent(v4, "v4", out -> { }).commandAudit();
        assertArrayEquals(new int[] {TpmCc.SET_COMMAND_CODE_AUDIT_STATUS.value()}, fresh.audited());
        assertEquals(io.jvtpm.engine.wire.HashAlgorithm.SHA512, fresh.hashAlg());
        assertEquals(0, fresh.counter());
        CommandAudit audit = s.commandAudit();
        audit.set(TpmCc.PCR_READ.value());
        audit.set(TpmCc.GET_CAPABILITY.value());
        audit.clear(TpmCc.PCR_READ.value());
        audit.hashAlg(io.jvtpm.engine.wire.HashAlgorithm.SHA256);
        audit.extend(new byte[32], new byte[32]);
        audit.extend(new byte[32], new byte[32]);
        byte[] with = StateCodec.encodePermanent(s);
        CommandAudit again = StateCodec.decodePermanent(with, "v5", out -> { }).commandAudit();
        assertArrayEquals(new int[] {TpmCc.SET_COMMAND_CODE_AUDIT_STATUS.value(), TpmCc.GET_CAPABILITY.value()},
                again.audited());
        assertEquals(1, again.counter());
        assertEquals(io.jvtpm.engine.wire.HashAlgorithm.SHA256, again.hashAlg());
        assertArrayEquals(with, StateCodec.encodePermanent(StateCodec.decodePermanent(with, "v5", out -> { })));
    }

    private static int indexOf(byte[] a, byte[] b) {
        for (int i = a.length - b.length; i >= 0; i--) {
            if (Arrays.equals(Arrays.copyOfRange(a, i, i + b.length), b)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    @Test
    void savedStateRestoresWhatItHolds() throws IOException {
        byte[] payload = StateFile.open(StateFile.Kind.SAVESTATE, resource("savestate.state"), "fixture");
        StateCodec.validateSaved(payload, "fixture");
        PcrBanks pcrs = new PcrBanks();
        Hierarchies hi = new Hierarchies(new byte[64], new byte[64], new byte[64]);
        CommandAudit audit = CommandAudit.manufactured();
        boolean hcrtm = StateCodec.restoreSaved(payload, true, "fixture", pcrs, hi, audit);
        assertEquals(StateCodec.savedHcrtm(payload), hcrtm);
        assertEquals(0, audit.digest().length, "a version 1 saved state has no command audit digest");
        byte[] again = StateCodec.encodeSaved(false, hcrtm, pcrs, hi, audit);
        // the PCRs without stateSave are not restored from a Shutdown(STATE): all before them matches
        // (after the version); the current layout adds the (empty) command audit digest, the (absent)
        // platformPolicy and the (empty) PCR authValue
        int pcrsAt = 2 + 1 + 1 + 4 + 2 + hi.platformAuth.length + 3;
        assertEquals(payload.length + 2 + 2 + 2, again.length);
        assertArrayEquals(Arrays.copyOfRange(payload, 2, pcrsAt), Arrays.copyOfRange(again, 2, pcrsAt));
        // a command audit digest comes back with a TPM Restart and with a TPM Resume
        audit.extend(new byte[64], new byte[64]);
        byte[] withDigest = StateCodec.encodeSaved(false, hcrtm, pcrs, hi, audit);
        CommandAudit restarted = CommandAudit.manufactured();
        StateCodec.restoreAuditDigest(withDigest, "v2", restarted);
        assertArrayEquals(audit.digest(), restarted.digest());
        CommandAudit resumed = CommandAudit.manufactured();
        StateCodec.restoreSaved(withDigest, false, "v2", pcrs, hi, resumed);
        assertArrayEquals(audit.digest(), resumed.digest());
        // version 3 keeps platformPolicy and the PCR group's authValue
        hi.setAuthPolicy(TpmRh.PLATFORM.value(), new TaggedHash(HashAlgorithm.SHA256, new byte[32]));
        pcrs.setAuthValue(new byte[] {1, 2, 3});
        byte[] v3 = StateCodec.encodeSaved(true, hcrtm, pcrs, hi, audit);
        PcrBanks pcrs2 = new PcrBanks();
        Hierarchies hi2 = new Hierarchies(new byte[64], new byte[64], new byte[64]);
        StateCodec.restoreSaved(v3, true, "v3", pcrs2, hi2, CommandAudit.manufactured());
        assertArrayEquals(new byte[] {1, 2, 3}, pcrs2.authValue(20));
        assertEquals(HashAlgorithm.SHA256, hi2.authPolicy(TpmRh.PLATFORM.value()).alg());
    }

    @Test
    void malformedStateIsNamed() throws IOException {
        byte[] payload = StateFile.open(StateFile.Kind.PERMANENT, resource("permanent.state"), "fixture");
        byte[] cut = Arrays.copyOf(payload, payload.length - 1);
        TpmStateException e = assertThrows(TpmStateException.class,
                () -> StateCodec.decodePermanent(cut, "here", out -> { }));
        assertEquals("state file here: malformed permanent state", e.getMessage());
        byte[] future = payload.clone();
        future[1] = 9;
        assertThrows(TpmStateException.class, () -> StateCodec.decodePermanent(future, "here", out -> { }));
    }

    @Test
    void aTpmFromTheEarlierLayoutResumes() throws IOException {
        Files.write(dir.resolve("permanent.state"), resource("permanent.state"));
        Files.write(dir.resolve("savestate.state"), resource("savestate.state"));
        try (InProcessBackend t = InProcessBackend.open(dir)) {
            t.init();
            assertEquals(0, rc(t.execute(0, TpmCommands.startup(TpmSu.STATE))), "Startup(STATE) resumes");
            byte[] pub = t.execute(0, CommandBuilder.of(TpmCc.READ_PUBLIC).handle(0x8100_0001).build());
            assertEquals(0, rc(pub));
            assertEquals(READ_PUBLIC_81000001, hex(Arrays.copyOfRange(pub, 10, pub.length)));
            // owner auth "fixture", kept as it is
            byte[] fixture = "fixture".getBytes(StandardCharsets.US_ASCII);
            assertEquals(0, rc(t.execute(0, TpmCommands.hierarchyChangeAuth(TpmRh.OWNER, fixture, fixture))));
        }
    }
}
