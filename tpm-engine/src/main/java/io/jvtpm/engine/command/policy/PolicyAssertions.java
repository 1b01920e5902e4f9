package io.jvtpm.engine.command.policy;

import io.jvtpm.engine.command.Command;
import io.jvtpm.engine.command.PolicyCommands;
import io.jvtpm.engine.session.AuthSession;
import io.jvtpm.engine.session.PolicyState;
import io.jvtpm.engine.session.PolicyState.HashKind;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.Structures;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmWire;
import java.security.MessageDigest;
import java.util.function.IntPredicate;

/**
 * The policy assertions that restrict how the session may be used (TPM 2.0 Library Part 3, 23.8,
 * 23.11-23.15, 23.17, 23.18, 23.20, 23.21): PolicyCommandCode, PolicyAuthValue, PolicyPassword,
 * PolicyPhysicalPresence, PolicyLocality, PolicyCpHash, PolicyNameHash, PolicyTemplate,
 * PolicyDuplicationSelect and PolicyNvWritten, with libtpms's checks and codes.
 */
public final class PolicyAssertions {
    private final IntPredicate implemented;

    /** {@code implemented}: whether the TPM implements a command code (for PolicyCommandCode). */
    public PolicyAssertions(IntPredicate implemented) {
        this.implemented = implemented;
    }

    static byte[] cc(TpmCc cc) {
        return TpmWire.u32Bytes(cc.value());
    }

    public void policyCommandCode(Command c) {
        TpmReader r = c.in();
        int code = r.u32();
        c.endParameters();
        AuthSession s = PolicyCommands.session(c, 0);
        if (s.commandCode() != 0 && s.commandCode() != code) {
            throw new TpmRcException(TpmRc.VALUE.param(1));
        }
        if (!implemented.test(code)) {
            throw new TpmRcException(TpmRc.POLICY_CC.param(1));
        }
        s.extendPolicy(cc(TpmCc.POLICY_COMMAND_CODE), TpmWire.u32Bytes(code));
        s.commandCode(code);
    }

    public static void policyAuthValue(Command c) {
        c.endParameters();
        AuthSession s = PolicyCommands.session(c, 0);
        s.extendPolicy(cc(TpmCc.POLICY_AUTH_VALUE));
        s.needAuthValue(false);
    }

    /** The same digest as PolicyAuthValue (Part 3, 23.18); the HMAC field then holds the password. */
    public static void policyPassword(Command c) {
        c.endParameters();
        AuthSession s = PolicyCommands.session(c, 0);
        s.extendPolicy(cc(TpmCc.POLICY_AUTH_VALUE));
        s.needAuthValue(true);
    }

    public static void policyPhysicalPresence(Command c) {
        c.endParameters();
        AuthSession s = PolicyCommands.session(c, 0);
        s.extendPolicy(cc(TpmCc.POLICY_PHYSICAL_PRESENCE));
        s.policy().requirePp();
    }

    /**
     * PolicyLocality (23.8): localities 0-4 as a bit field narrow what an earlier PolicyLocality
     * allowed; an extended locality (32 and up) must equal it; mixing the two, or a selection
     * that leaves nothing, is TPM_RC_RANGE.
     */
    public static void policyLocality(Command c) {
        TpmReader r = c.in();
        int loc = r.u8();
        c.endParameters();
        AuthSession s = PolicyCommands.session(c, 0);
        PolicyState p = s.policy();
        int prev = p.locality();
        if (loc == 0 || prev != 0 && (prev < 32) != (loc < 32)) {
            throw new TpmRcException(TpmRc.RANGE.param(1));
        }
        int next;
        if (loc < 32) {
            next = (prev == 0 ? 0x1F : prev) & loc;
            if (next == 0) {
                throw new TpmRcException(TpmRc.RANGE.param(1));
            }
        } else {
            if (prev != 0 && prev != loc) {
                throw new TpmRcException(TpmRc.RANGE.param(1));
            }
            next = loc;
        }
        s.extendPolicy(cc(TpmCc.POLICY_LOCALITY), new byte[] {(byte) loc});
        p.locality(next);
    }

    /** The one TPM2B_DIGEST parameter of PolicyCpHash, PolicyNameHash and PolicyTemplate. */
    private static byte[] digestParameter(Command c) {
        byte[] d = c.in().tpm2b(HashAlgorithm.MAX_DIGEST);
        c.endParameters();
        return d;
    }

    /** TPM_RC_SIZE unless {@code digest} is of the session's hash. */
    private static void requireSessionDigest(AuthSession s, byte[] digest) {
        if (digest.length != s.authHash().digestSize()) {
            throw new TpmRcException(TpmRc.SIZE.param(1));
        }
    }

    /** policyDigest extended with cc || digest, and the session bound to {@code digest} as {@code kind}. */
    private static void bind(AuthSession s, TpmCc cc, HashKind kind, byte[] digest) {
        s.extendPolicy(cc(cc), digest);
        s.policy().bindHash(kind, digest);
    }

    /** PolicyCpHash (23.13): another cpHash than one bound already is TPM_RC_CPHASH. */
    public static void policyCpHash(Command c) {
        byte[] cpHash = digestParameter(c);
        AuthSession s = PolicyCommands.session(c, 0);
        PolicyState p = s.policy();
        requireSessionDigest(s, cpHash);
        if (p.boundHash().length != 0
                && (p.hashKind() != HashKind.CP_HASH || !MessageDigest.isEqual(cpHash, p.boundHash()))) {
            throw new TpmRcException(TpmRc.CPHASH.value());
        }
        bind(s, TpmCc.POLICY_CP_HASH, HashKind.CP_HASH, cpHash);
    }

    /** PolicyNameHash (23.14): only in a session bound to no cpHash, nameHash or templateHash yet. */
    public static void policyNameHash(Command c) {
        byte[] nameHash = digestParameter(c);
        AuthSession s = PolicyCommands.session(c, 0);
        requireSessionDigest(s, nameHash);
        if (s.policy().boundHash().length != 0) {
            throw new TpmRcException(TpmRc.CPHASH.value());
        }
        bind(s, TpmCc.POLICY_NAME_HASH, HashKind.NAME_HASH, nameHash);
    }

    /** PolicyTemplate (23.21): the same templateHash again, or none bound yet. */
    public static void policyTemplate(Command c) {
        byte[] templateHash = digestParameter(c);
        AuthSession s = PolicyCommands.session(c, 0);
        PolicyState p = s.policy();
        if (p.hashKind() == HashKind.TEMPLATE) {
            if (!MessageDigest.isEqual(templateHash, p.boundHash())) {
                throw new TpmRcException(TpmRc.VALUE.param(1));
            }
        } else if (p.boundHash().length != 0) {
            throw new TpmRcException(TpmRc.CPHASH.value());
        }
        requireSessionDigest(s, templateHash);
        bind(s, TpmCc.POLICY_TEMPLATE, HashKind.TEMPLATE, templateHash);
    }

    /**
     * PolicyDuplicationSelect (23.15): nameHash := H(objectName || newParentName), the command
     * bound to TPM2_Duplicate; the object's Name is in the digest only with includeObject.
     */
    public static void policyDuplicationSelect(Command c) {
        TpmReader r = c.in();
        byte[] objectName = r.tpm2b(HashAlgorithm.MAX_DIGEST + 2);
        r.param(2);
        byte[] newParentName = r.tpm2b(HashAlgorithm.MAX_DIGEST + 2);
        r.param(3);
        boolean includeObject = Structures.readYesNo(r);
        c.endParameters();
        AuthSession s = PolicyCommands.session(c, 0);
        PolicyState p = s.policy();
        if (p.boundHash().length != 0) {
            throw new TpmRcException(TpmRc.CPHASH.value());
        }
        if (s.commandCode() != 0) {
            throw new TpmRcException(TpmRc.COMMAND_CODE.value());
        }
        MessageDigest md = s.authHash().newDigest();
        md.update(objectName);
        md.update(newParentName);
        p.bindHash(HashKind.NAME_HASH, md.digest());
        byte[] yes = {(byte) (includeObject ? 1 : 0)};
        if (includeObject) {
            s.extendPolicy(cc(TpmCc.POLICY_DUPLICATION_SELECT), objectName, newParentName, yes);
        } else {
            s.extendPolicy(cc(TpmCc.POLICY_DUPLICATION_SELECT), newParentName, yes);
        }
        s.commandCode(TpmCc.DUPLICATE.value());
    }

    public static void policyNvWritten(Command c) {
        TpmReader r = c.in();
        boolean writtenSet = Structures.readYesNo(r);
        c.endParameters();
        AuthSession s = PolicyCommands.session(c, 0);
        PolicyState p = s.policy();
        if (p.checkNvWritten() && p.nvWrittenState() != writtenSet) {
            throw new TpmRcException(TpmRc.VALUE.param(1));
        }
        p.nvWritten(writtenSet);
        s.extendPolicy(cc(TpmCc.POLICY_NV_WRITTEN), new byte[] {(byte) (writtenSet ? 1 : 0)});
    }
}
