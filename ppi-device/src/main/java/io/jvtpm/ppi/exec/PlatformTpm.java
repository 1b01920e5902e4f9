package io.jvtpm.ppi.exec;

import io.jvtpm.engine.TpmBackend;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TPM as platform firmware drives it for PPI operations (TPM 2.0 Library Part 3: Startup,
 * ClearControl, Clear, ChangeEPS, PCR_Allocate, GetCapability), every command authorized by
 * TPM_RH_PLATFORM with the empty password and sent from locality 0.
 */
final class PlatformTpm {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformTpm.class);
    private static final int LOCALITY = 0;
    /** TPMS_PCR_SELECTION entries a response may list before it is called malformed. */
    private static final int MAX_BANKS = 16;
    /** Largest sizeofSelect a response may carry (TPM 2.0 Part 2: PCR_SELECT_MAX). */
    private static final int MAX_SELECT = 32;

    private final TpmBackend tpm;

    PlatformTpm(TpmBackend tpm) {
        this.tpm = tpm;
    }

    /** TPM2_Startup(CLEAR); a TPM that is already started (TPM_RC_INITIALIZE) is fine too. */
    void startupClear() throws TpmCommandFailure {
        byte[] cmd = CommandWriter.noSessions(TpmConst.CC_STARTUP).u16(TpmConst.SU_CLEAR).toBytes();
        TpmReply r = send(cmd, "TPM2_Startup(CLEAR)");
        if (r.responseCode() == TpmConst.RC_INITIALIZE) {
            LOG.debug("TPM was already started");
            return;
        }
        check(r, "TPM2_Startup(CLEAR)");
    }

    /** TPM2_ClearControl(TPM_RH_PLATFORM, disable). */
    void clearControl(boolean disable) throws TpmCommandFailure {
        byte[] cmd = CommandWriter.platformAuthorized(TpmConst.CC_CLEAR_CONTROL)
                .u8(disable ? TpmConst.YES : TpmConst.NO).toBytes();
        check(send(cmd, "TPM2_ClearControl"), "TPM2_ClearControl");
    }

    /** TPM2_Clear(TPM_RH_PLATFORM). */
    void clear() throws TpmCommandFailure {
        byte[] cmd = CommandWriter.platformAuthorized(TpmConst.CC_CLEAR).toBytes();
        check(send(cmd, "TPM2_Clear"), "TPM2_Clear");
    }

    /** TPM2_ChangeEPS(TPM_RH_PLATFORM). */
    void changeEps() throws TpmCommandFailure {
        byte[] cmd = CommandWriter.platformAuthorized(TpmConst.CC_CHANGE_EPS).toBytes();
        check(send(cmd, "TPM2_ChangeEPS"), "TPM2_ChangeEPS");
    }

    /** TPM2_GetCapability(TPM_CAP_PCRS): every bank the TPM implements, with its allocation. */
    List<PcrSelection> pcrAllocation() throws TpmCommandFailure {
        byte[] cmd = CommandWriter.noSessions(TpmConst.CC_GET_CAPABILITY)
                .u32(TpmConst.CAP_PCRS).u32(0).u32(1).toBytes();
        TpmReply r = check(send(cmd, "TPM2_GetCapability(PCRS)"), "TPM2_GetCapability(PCRS)");
        try {
            TpmReply.Reader in = r.parameters();
            in.u8(); // moreData
            long cap = in.u32();
            if (cap != TpmConst.CAP_PCRS) {
                throw new TpmCommandFailure("TPM2_GetCapability(PCRS) answered capability " + cap);
            }
            return readSelections(in);
        } catch (MalformedReplyException e) {
            throw new TpmCommandFailure("TPM2_GetCapability(PCRS): " + e.getMessage());
        }
    }

    /** TPM2_PCR_Allocate(TPM_RH_PLATFORM, selections); true when the TPM says allocationSuccess. */
    boolean pcrAllocate(List<PcrSelection> selections) throws TpmCommandFailure {
        CommandWriter w = CommandWriter.platformAuthorized(TpmConst.CC_PCR_ALLOCATE).u32(selections.size());
        for (PcrSelection s : selections) {
            byte[] sel = s.select();
            w.u16(s.hashAlg()).u8(sel.length).bytes(sel);
        }
        TpmReply r = check(send(w.toBytes(), "TPM2_PCR_Allocate"), "TPM2_PCR_Allocate");
        try {
            TpmReply.Reader in = r.parameters();
            int success = in.u8();
            long maxPcr = in.u32();
            long sizeNeeded = in.u32();
            long sizeAvailable = in.u32();
            LOG.debug("PCR_Allocate: success={} maxPCR={} sizeNeeded={} sizeAvailable={}",
                    success, maxPcr, sizeNeeded, sizeAvailable);
            return success == TpmConst.YES;
        } catch (MalformedReplyException e) {
            throw new TpmCommandFailure("TPM2_PCR_Allocate: " + e.getMessage());
        }
    }

    private static List<PcrSelection> readSelections(TpmReply.Reader in)
            throws MalformedReplyException, TpmCommandFailure {
        long count = in.u32();
        if (count > MAX_BANKS) {
            throw new TpmCommandFailure("TPM2_GetCapability(PCRS) lists " + count + " banks");
        }
        List<PcrSelection> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int alg = in.u16();
            int size = in.u8();
            if (size > MAX_SELECT) {
                throw new TpmCommandFailure("TPM2_GetCapability(PCRS): sizeofSelect " + size);
            }
            out.add(new PcrSelection(alg, in.bytes(size)));
        }
        return out;
    }

    private TpmReply send(byte[] command, String what) throws TpmCommandFailure {
        byte[] response = tpm.execute(LOCALITY, command);
        try {
            return TpmReply.parse(response);
        } catch (MalformedReplyException e) {
            throw new TpmCommandFailure(what + ": " + e.getMessage());
        }
    }

    private static TpmReply check(TpmReply r, String what) throws TpmCommandFailure {
        if (r.responseCode() != TpmConst.RC_SUCCESS) {
            throw new TpmCommandFailure(what, r.responseCode());
        }
        return r;
    }
}
