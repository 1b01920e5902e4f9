package io.jvtpm.ppi.exec;

import io.jvtpm.engine.TpmBackend;
import io.jvtpm.engine.wire.MalformedResponseException;
import io.jvtpm.engine.wire.PcrAllocateResult;
import io.jvtpm.engine.wire.PcrSelection;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmResponse;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TPM as platform firmware drives it for PPI operations (TPM 2.0 Library Part 3: Startup,
 * ClearControl, Clear, ChangeEPS, PCR_Allocate, GetCapability), every command authorized by
 * TPM_RH_PLATFORM with the empty password and sent from locality 0, and to close the platform
 * hierarchy before the OS runs (HierarchyChangeAuth, HierarchyControl).
 */
final class PlatformTpm {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformTpm.class);
    private static final int LOCALITY = 0;

    private final TpmBackend tpm;

    PlatformTpm(TpmBackend tpm) {
        this.tpm = tpm;
    }

    /** TPM2_Startup(CLEAR); a TPM that is already started (TPM_RC_INITIALIZE) is fine too. */
    void startupClear() throws TpmCommandFailure {
        TpmResponse r = send(TpmCommands.startup(TpmSu.CLEAR), "TPM2_Startup(CLEAR)");
        if (r.is(TpmRc.INITIALIZE)) {
            LOG.debug("TPM was already started");
            return;
        }
        check(r, "TPM2_Startup(CLEAR)");
    }

    /** TPM2_ClearControl(TPM_RH_PLATFORM, disable). */
    void clearControl(boolean disable) throws TpmCommandFailure {
        check(send(TpmCommands.clearControl(TpmRh.PLATFORM, disable), "TPM2_ClearControl"), "TPM2_ClearControl");
    }

    /** TPM2_Clear(TPM_RH_PLATFORM). */
    void clear() throws TpmCommandFailure {
        check(send(TpmCommands.clear(TpmRh.PLATFORM), "TPM2_Clear"), "TPM2_Clear");
    }

    /** TPM2_ChangeEPS(TPM_RH_PLATFORM). */
    void changeEps() throws TpmCommandFailure {
        check(send(TpmCommands.changeEps(), "TPM2_ChangeEPS"), "TPM2_ChangeEPS");
    }

    /** TPM2_HierarchyChangeAuth(TPM_RH_PLATFORM) from the empty platformAuth to {@code newAuth}. */
    void changePlatformAuth(byte[] newAuth) throws TpmCommandFailure {
        String what = "TPM2_HierarchyChangeAuth(TPM_RH_PLATFORM)";
        check(send(TpmCommands.hierarchyChangeAuth(TpmRh.PLATFORM, new byte[0], newAuth), what), what);
    }

    /** TPM2_HierarchyControl(TPM_RH_PLATFORM, TPM_RH_PLATFORM, NO) with {@code platformAuth}: phEnable CLEAR. */
    void disablePlatformHierarchy(byte[] platformAuth) throws TpmCommandFailure {
        String what = "TPM2_HierarchyControl(TPM_RH_PLATFORM, NO)";
        check(send(TpmCommands.hierarchyControl(TpmRh.PLATFORM, platformAuth, TpmRh.PLATFORM, false), what), what);
    }

    /** TPM2_GetCapability(TPM_CAP_PCRS): every bank the TPM implements, with its allocation. */
    List<PcrSelection> pcrAllocation() throws TpmCommandFailure {
        String what = "TPM2_GetCapability(PCRS)";
        TpmResponse r = check(send(TpmCommands.getCapabilityPcrs(), what), what);
        return parse(r, TpmResponse::capabilityPcrs, what);
    }

    /** TPM2_PCR_Allocate(TPM_RH_PLATFORM, selections); true when the TPM says allocationSuccess. */
    boolean pcrAllocate(List<PcrSelection> selections) throws TpmCommandFailure {
        String what = "TPM2_PCR_Allocate";
        TpmResponse r = check(send(TpmCommands.pcrAllocate(TpmRh.PLATFORM, selections), what), what);
        PcrAllocateResult result = parse(r, TpmResponse::pcrAllocate, what);
        LOG.debug("PCR_Allocate: {}", result);
        return result.allocationSuccess();
    }

    private static <T> T parse(TpmResponse r, Function<TpmResponse, T> parser, String what) throws TpmCommandFailure {
        try {
            return parser.apply(r);
        } catch (MalformedResponseException e) {
            throw new TpmCommandFailure(what + ": " + e.getMessage());
        }
    }

    private TpmResponse send(byte[] command, String what) throws TpmCommandFailure {
        byte[] response = tpm.execute(LOCALITY, command);
        try {
            return TpmResponse.parse(response);
        } catch (MalformedResponseException e) {
            throw new TpmCommandFailure(what + ": " + e.getMessage());
        }
    }

    private static TpmResponse check(TpmResponse r, String what) throws TpmCommandFailure {
        if (!r.ok()) {
            throw new TpmCommandFailure(what, r.rc());
        }
        return r;
    }
}
