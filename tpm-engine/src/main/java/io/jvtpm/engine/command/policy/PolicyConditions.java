package io.jvtpm.engine.command.policy;

import static io.jvtpm.engine.command.policy.PolicyAssertions.cc;

import io.jvtpm.engine.command.Command;
import io.jvtpm.engine.command.PolicyCommands;
import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.nv.index.NvIndex;
import io.jvtpm.engine.session.AuthSession;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.PcrSelection;
import io.jvtpm.engine.wire.TimeInfo;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmSe;
import io.jvtpm.engine.wire.TpmWriter;
import java.security.MessageDigest;
import java.util.List;

/**
 * The policy assertions on the TPM's state (TPM 2.0 Library Part 3, 23.7 PolicyPCR, 23.9
 * PolicyNV, 23.10 PolicyCounterTimer): a trial session only computes the digest, a real one
 * checks the condition first (TPM_RC_POLICY when it does not hold).
 */
public final class PolicyConditions {
    /** sizeof(TPMU_HA): the largest operandB. */
    private static final int MAX_OPERAND = 64;
    /** TPM_EO_EQ .. TPM_EO_BITCLEAR. */
    private static final int EO_MAX = 0x000B;

    private PolicyConditions() {
    }

    /**
     * PolicyPCR (23.7): the digest of the selected PCRs (the caller's, in a trial session) in the
     * policy; TPM_RC_PCR_CHANGED when the PCRs changed since an earlier PolicyPCR of this session,
     * and the PCR update counter kept for the check at authorization.
     */
    public static void policyPcr(Command c) {
        TpmReader r = c.in();
        byte[] pcrDigest = r.tpm2b(HashAlgorithm.MAX_DIGEST);
        r.param(2);
        List<PcrSelection> sel = PcrSelection.readList(r);
        c.endParameters();
        AuthSession s = PolicyCommands.session(c, 0);
        TpmEngine tpm = c.tpm();
        byte[] digest = PolicyCommands.pcrDigest(tpm, s.authHash(), sel);
        boolean trial = s.type() == TpmSe.TRIAL;
        int counter = tpm.pcrs().updateCounter();
        if (!trial) {
            int seen = s.policy().pcrCounter();
            if (seen != 0 && seen != counter) {
                throw new TpmRcException(TpmRc.PCR_CHANGED.value());
            }
            if (pcrDigest.length != 0 && !MessageDigest.isEqual(pcrDigest, digest)) {
                throw new TpmRcException(TpmRc.VALUE.param(1));
            }
        } else if (pcrDigest.length != 0) {
            digest = pcrDigest;
        }
        TpmWriter sw = new TpmWriter(64);
        PcrSelection.writeList(sw, sel);
        s.extendPolicy(cc(TpmCc.POLICY_PCR), sw.toByteArray(), digest);
        if (!trial) {
            s.policy().pcrCounter(counter);
        }
    }

    /** PolicyNV (23.9): operandB compared with the index's data at offset. */
    public static void policyNv(Command c) {
        Operation op = Operation.read(c.in());
        c.endParameters();
        AuthSession s = PolicyCommands.session(c, 2);
        TpmEngine tpm = c.tpm();
        if (s.type() != TpmSe.TRIAL) {
            NvIndex i = PolicyCommands.readableIndex(c, 0, 1);
            if (op.offset() > i.dataSize()) {
                throw new TpmRcException(TpmRc.VALUE.param(2));
            }
            if (i.dataSize() - op.offset() < op.operandB().length) {
                throw new TpmRcException(TpmRc.SIZE.param(1));
            }
            if (!op.holds(i.read(op.offset(), op.operandB().length))) {
                throw new TpmRcException(TpmRc.POLICY.value());
            }
        }
        s.extendPolicy(cc(TpmCc.POLICY_NV), op.argHash(s.authHash()), PolicyCommands.name(tpm, c.handle(1)));
    }

    /** PolicyCounterTimer (23.10): operandB compared with TPMS_TIME_INFO at offset. */
    public static void policyCounterTimer(Command c) {
        Operation op = Operation.read(c.in());
        c.endParameters();
        TpmEngine tpm = c.tpm();
        TpmWriter w = new TpmWriter(32);
        new TimeInfo(tpm.clock().time(), tpm.clock().clock(), tpm.resetCount(), tpm.restartCount(),
                tpm.clock().safe()).write(w);
        byte[] info = w.toByteArray();
        if (op.offset() > info.length) {
            throw new TpmRcException(TpmRc.VALUE.param(2));
        }
        if (op.offset() + op.operandB().length > info.length) {
            throw new TpmRcException(TpmRc.RANGE.value());
        }
        AuthSession s = PolicyCommands.session(c, 0);
        if (s.type() != TpmSe.TRIAL) {
            byte[] a = java.util.Arrays.copyOfRange(info, op.offset(), op.offset() + op.operandB().length);
            if (!op.holds(a)) {
                throw new TpmRcException(TpmRc.POLICY.value());
            }
        }
        s.extendPolicy(cc(TpmCc.POLICY_COUNTER_TIMER), op.argHash(s.authHash()));
    }

    /** operandB, offset and TPM_EO of PolicyNV and PolicyCounterTimer (parameters 1-3). */
    record Operation(byte[] operandB, int offset, int operation) {
        static Operation read(TpmReader r) {
            byte[] b = r.tpm2b(MAX_OPERAND);
            r.param(2);
            int offset = r.u16();
            r.param(3);
            int op = r.u16();
            if (op > EO_MAX) {
                throw r.fail(TpmRc.VALUE);
            }
            return new Operation(b, offset, op);
        }

        /** args = H(operandB.buffer || offset || operation). */
        byte[] argHash(HashAlgorithm h) {
            MessageDigest md = h.newDigest();
            md.update(operandB);
            md.update(new byte[] {(byte) (offset >>> 8), (byte) offset, (byte) (operation >>> 8), (byte) operation});
            return md.digest();
        }

        /** PolicySptCheckCondition: operandA (as long as operandB) against operandB. */
        boolean holds(byte[] a) {
            byte[] b = operandB;
            return switch (operation) {
                case 0 -> compare(a, b, false) == 0;
                case 1 -> compare(a, b, false) != 0;
                case 2 -> compare(a, b, true) > 0;
                case 3 -> compare(a, b, false) > 0;
                case 4 -> compare(a, b, true) < 0;
                case 5 -> compare(a, b, false) < 0;
                case 6 -> compare(a, b, true) >= 0;
                case 7 -> compare(a, b, false) >= 0;
                case 8 -> compare(a, b, true) <= 0;
                case 9 -> compare(a, b, false) <= 0;
                case 10 -> bits(a, b, true);
                default -> bits(a, b, false);
            };
        }

        private static int compare(byte[] a, byte[] b, boolean signed) {
            if (a.length == 0) {
                return 0;
            }
            if (signed && (a[0] < 0) != (b[0] < 0)) {
                return a[0] < 0 ? -1 : 1;
            }
            return java.util.Arrays.compareUnsigned(a, b);
        }

        private static boolean bits(byte[] a, byte[] b, boolean set) {
            for (int i = 0; i < b.length; i++) {
                int both = a[i] & b[i] & 0xFF;
                if (set ? both != (b[i] & 0xFF) : both != 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
