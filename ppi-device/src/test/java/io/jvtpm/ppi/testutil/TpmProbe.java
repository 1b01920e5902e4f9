package io.jvtpm.ppi.testutil;

import io.jvtpm.engine.TpmBackend;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.PcrSelection;
import io.jvtpm.engine.wire.TpmCap;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmHt;
import io.jvtpm.engine.wire.TpmPt;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmResponse;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import java.util.ArrayList;
import java.util.List;

/** Test-side TPM 2.0 commands (TPM 2.0 Library Part 3) that observe what a PPI operation did. */
public final class TpmProbe {

    public static final int OWNER_AUTH_SET = 1;
    public static final int RC_INITIALIZE = TpmRc.INITIALIZE.value();
    /** TPM_CC_NV_DefineSpace (Part 2, 6.5.2): not implemented by this engine, sent to a peer. */
    private static final int CC_NV_DEFINE_SPACE = 0x12A;
    /** TPMA_NV_OWNERWRITE | TPMA_NV_OWNERREAD (Part 2, 13.4). */
    private static final int NV_OWNER_READ_WRITE = 0x0002_0002;

    private final TpmBackend tpm;

    public TpmProbe(TpmBackend tpm) {
        this.tpm = tpm;
    }

    private TpmResponse send(byte[] cmd) {
        return TpmResponse.parse(tpm.execute(0, cmd));
    }

    /** TPM2_GetCapability's TPMS_CAPABILITY_DATA list: the count, then {@code values} UINT32 per entry. */
    private List<int[]> capability(TpmCap cap, int property, int count, int values) {
        TpmResponse r = send(TpmCommands.getCapability(cap, property, count));
        if (!r.ok()) {
            throw new AssertionError("GetCapability(" + cap + ") rc 0x" + Integer.toHexString(r.rc()));
        }
        return r.read(0, in -> {
            in.u8(); // moreData
            in.u32(); // capability
            int n = in.u32();
            List<int[]> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int[] entry = new int[values];
                for (int v = 0; v < values; v++) {
                    entry[v] = in.u32();
                }
                out.add(entry);
            }
            return out;
        });
    }

    /** TPM2_Startup(CLEAR); the response code. */
    public int startup() {
        return send(TpmCommands.startup(TpmSu.CLEAR)).rc();
    }

    /** TPM2_SelfTest(fullTest = YES); the response code. */
    public int selfTest() {
        return send(TpmCommands.selfTest(true)).rc();
    }

    /** TPM2_HierarchyChangeAuth(TPM_RH_OWNER, newAuth), authorized with {@code currentAuth}. */
    public int changeOwnerAuth(byte[] currentAuth, byte[] newAuth) {
        return send(TpmCommands.hierarchyChangeAuth(TpmRh.OWNER, currentAuth, newAuth)).rc();
    }

    /** Sends {@code command} as the guest does (locality 0); the response code. */
    public int rc(byte[] command) {
        return send(command).rc();
    }

    /** phEnable, bit 0 of TPM_PT_STARTUP_CLEAR from TPM2_GetCapability(TPM_CAP_TPM_PROPERTIES). */
    public boolean platformHierarchyEnabled() {
        List<int[]> props = capability(TpmCap.TPM_PROPERTIES, TpmPt.STARTUP_CLEAR.value(), 1, 2);
        if (props.isEmpty() || props.get(0)[0] != TpmPt.STARTUP_CLEAR.value()) {
            throw new AssertionError("no TPM_PT_STARTUP_CLEAR");
        }
        return (props.get(0)[1] & 1) != 0;
    }

    /** TPM_PT_PERMANENT from TPM2_GetCapability(TPM_CAP_TPM_PROPERTIES). */
    public long permanent() {
        List<int[]> props = capability(TpmCap.TPM_PROPERTIES, TpmPt.PERMANENT.value(), 1, 2);
        if (props.isEmpty() || props.get(0)[0] != TpmPt.PERMANENT.value()) {
            throw new AssertionError("no TPM_PT_PERMANENT");
        }
        return props.get(0)[1] & 0xFFFF_FFFFL;
    }

    /** True when TPM2_GetCapability(TPM_CAP_COMMANDS) lists command code {@code cc}. */
    public boolean supportsCommand(int cc) {
        List<int[]> attrs = capability(TpmCap.COMMANDS, cc, 1, 1);
        return !attrs.isEmpty() && (attrs.get(0)[0] & 0xFFFF) == cc;
    }

    /**
     * TPM2_NV_DefineSpace(TPM_RH_OWNER, empty auth) of a 16-byte owner-read/write index; the
     * response code.
     */
    public int defineOwnerNvIndex(int nvIndex) {
        byte[] cmd = CommandBuilder.of(CC_NV_DEFINE_SPACE).handle(TpmRh.OWNER).emptyPassword()
                .u16(0)                                       // auth of the index
                .u16(14)                                      // TPMS_NV_PUBLIC size
                .u32(nvIndex).u16(HashAlgorithm.SHA256.id())  // nvIndex, nameAlg
                .u32(NV_OWNER_READ_WRITE)
                .u16(0)                                       // authPolicy
                .u16(16)                                      // dataSize
                .build();
        return send(cmd).rc();
    }

    /** The NV index handles (TPM_CAP_HANDLES from the first NV index). */
    public List<Integer> nvIndexes() {
        List<Integer> out = new ArrayList<>();
        for (int[] h : capability(TpmCap.HANDLES, TpmHt.NV_INDEX.first(), 64, 1)) {
            if (TpmHt.NV_INDEX.matches(h[0])) {
                out.add(h[0]);
            }
        }
        return out;
    }

    /** True when the owner has an authorization value. */
    public boolean ownerAuthSet() {
        return (permanent() & OWNER_AUTH_SET) != 0;
    }

    /** The hash algorithms of the banks with at least one PCR allocated (TPM_CAP_PCRS). */
    public List<Integer> activeBanks() {
        return banks(true);
    }

    /** The hash algorithms of every bank the TPM implements. */
    public List<Integer> allBanks() {
        return banks(false);
    }

    private List<Integer> banks(boolean activeOnly) {
        TpmResponse r = send(TpmCommands.getCapabilityPcrs());
        if (!r.ok()) {
            throw new AssertionError("GetCapability(PCRS) rc 0x" + Integer.toHexString(r.rc()));
        }
        List<Integer> out = new ArrayList<>();
        for (PcrSelection s : r.capabilityPcrs()) {
            if (s.any() || !activeOnly) {
                out.add(s.alg());
            }
        }
        return out;
    }
}
