package io.jvtpm.engine.command;

import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.nv.index.NvBudget;
import io.jvtpm.engine.nv.index.NvIndex;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.NvPublic;
import io.jvtpm.engine.wire.TpmHt;
import io.jvtpm.engine.wire.TpmNt;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.wire.TpmaNv;
import java.util.Arrays;

/**
 * Defining, deleting and describing NV indices (TPM 2.0 Library Part 3, 31.3-31.6, 31.12, 31.15):
 * NV_DefineSpace with every attribute rule of 31.3.1, NV_UndefineSpace, NV_UndefineSpaceSpecial,
 * NV_ReadPublic, NV_GlobalWriteLock and NV_ChangeAuth, with libtpms's response codes.
 */
final class NvCommands {
    private NvCommands() {
    }

    static void defineSpace(Command c) {
        TpmReader r = c.in();
        byte[] auth = r.tpm2b(HashAlgorithm.MAX_DIGEST);
        r.param(2);
        NvPublic pub = r.sized2b(NvCommands::readPublicInfo);
        c.endParameters();
        TpmEngine tpm = c.tpm();
        int authHandle = c.handle(0);
        int attrs = pub.attributes();
        HashAlgorithm h = HashAlgorithm.fromId(pub.nameAlg());
        int nameSize = h.digestSize();
        if (pub.authPolicy().length != 0 && pub.authPolicy().length != nameSize) {
            throw new TpmRcException(TpmRc.SIZE.param(2));
        }
        if (ObjectCommands.trimAuth(auth).length > nameSize) {
            throw new TpmRcException(TpmRc.SIZE.param(1));
        }
        if (authHandle == TpmRh.PLATFORM.value() && !tpm.hierarchies().phEnableNV()) {
            throw new TpmRcException(TpmRc.HIERARCHY.handle(1));
        }
        TpmNt type = pub.type();
        if (type == null) {
            throw new TpmRcException(TpmRc.ATTRIBUTES.param(2));
        }
        int want = type == TpmNt.ORDINARY ? -1 : type == TpmNt.EXTEND ? nameSize : 8;
        if (want < 0 ? pub.dataSize() > NvBudget.MAX_NV_INDEX_SIZE : pub.dataSize() != want) {
            throw new TpmRcException(TpmRc.SIZE.param(2));
        }
        typeRules(type, attrs);
        attributeRules(attrs, authHandle);
        if (pub.dataSize() > NvBudget.MAX_NV_BUFFER_SIZE && pub.has(TpmaNv.WRITEALL)) {
            throw new TpmRcException(TpmRc.SIZE.param(2));
        }
        if (tpm.nvIndices().get(pub.nvIndex()) != null) {
            throw new TpmRcException(TpmRc.NV_DEFINED.value());
        }
        tpm.nvIndices().define(pub, ObjectCommands.trimAuth(auth), tpm.objectState().persistentCount());
        tpm.permanentChanged();
    }

    /** TPMS_NV_PUBLIC as it unmarshals: an NV handle, a hash, no reserved bits, sizes in bounds. */
    private static NvPublic readPublicInfo(TpmReader r) {
        int index = r.u32();
        if (!TpmHt.NV_INDEX.matches(index)) {
            throw r.fail(TpmRc.VALUE);
        }
        int alg = r.u16();
        if (HashAlgorithm.fromId(alg) == null) {
            throw r.fail(TpmRc.HASH);
        }
        int attrs = r.u32();
        if ((attrs & TpmaNv.RESERVED) != 0) {
            throw r.fail(TpmRc.RESERVED_BITS);
        }
        byte[] policy = r.tpm2b(HashAlgorithm.MAX_DIGEST);
        int size = r.u16();
        if (size > NvBudget.MAX_NV_INDEX_SIZE) {
            throw r.fail(TpmRc.SIZE);
        }
        return new NvPublic(index, alg, attrs, policy, size);
    }

    /** The rules of each index type (Part 3, 31.3.1). */
    private static void typeRules(TpmNt type, int attrs) {
        boolean bad = switch (type) {
            case COUNTER -> (attrs & TpmaNv.CLEAR_STCLEAR) != 0;
            case PIN_FAIL -> (attrs & TpmaNv.NO_DA) == 0 || pinPassRules(attrs);
            case PIN_PASS -> pinPassRules(attrs);
            default -> false;
        };
        if (bad) {
            throw new TpmRcException(TpmRc.ATTRIBUTES.param(2));
        }
    }

    private static boolean pinPassRules(int attrs) {
        return (attrs & (TpmaNv.AUTHWRITE | TpmaNv.GLOBALLOCK | TpmaNv.WRITEDEFINE)) != 0;
    }

    /** The attribute rules every index type shares (Part 3, 31.3.1). */
    private static void attributeRules(int attrs, int authHandle) {
        int bad = TpmRc.ATTRIBUTES.param(2);
        if ((attrs & (TpmaNv.WRITTEN | TpmaNv.WRITELOCKED | TpmaNv.READLOCKED)) != 0) {
            throw new TpmRcException(bad);
        }
        if ((attrs & (TpmaNv.OWNERREAD | TpmaNv.PPREAD | TpmaNv.AUTHREAD | TpmaNv.POLICYREAD)) == 0
                || (attrs & (TpmaNv.OWNERWRITE | TpmaNv.PPWRITE | TpmaNv.AUTHWRITE | TpmaNv.POLICYWRITE)) == 0) {
            throw new TpmRcException(bad);
        }
        if ((attrs & TpmaNv.CLEAR_STCLEAR) != 0 && (attrs & TpmaNv.WRITEDEFINE) != 0) {
            throw new TpmRcException(bad);
        }
        boolean platformCreate = (attrs & TpmaNv.PLATFORMCREATE) != 0;
        boolean platform = authHandle == TpmRh.PLATFORM.value();
        if (platformCreate != platform) {
            throw new TpmRcException(TpmRc.ATTRIBUTES.handle(1));
        }
        if ((attrs & TpmaNv.POLICY_DELETE) != 0 && !platform) {
            throw new TpmRcException(bad);
        }
    }

    static void undefineSpace(Command c) {
        c.endParameters();
        NvIndex i = NvAccess.index(c, 1);
        if (i.has(TpmaNv.POLICY_DELETE)) {
            throw new TpmRcException(TpmRc.ATTRIBUTES.handle(2));
        }
        if (c.handle(0) == TpmRh.OWNER.value() && i.has(TpmaNv.PLATFORMCREATE)) {
            throw new TpmRcException(TpmRc.NV_AUTHORIZATION.value());
        }
        delete(c.tpm(), i);
    }

    static void undefineSpaceSpecial(Command c) {
        c.endParameters();
        NvIndex i = NvAccess.index(c, 0);
        if (!i.has(TpmaNv.POLICY_DELETE)) {
            throw new TpmRcException(TpmRc.ATTRIBUTES.handle(1));
        }
        delete(c.tpm(), i);
    }

    private static void delete(TpmEngine tpm, NvIndex i) {
        tpm.nvIndices().delete(i.handle());
        tpm.permanentChanged();
    }

    static void readPublic(Command c) {
        c.endParameters();
        NvIndex i = NvAccess.index(c, 0);
        TpmWriter w = c.out();
        i.publicArea().write2b(w);
        w.tpm2b(i.name());
    }

    static void globalWriteLock(Command c) {
        c.endParameters();
        c.tpm().nvIndices().globalLock();
        c.tpm().permanentChanged();
        c.tpm().orderlyLost();
    }

    static void changeAuth(Command c) {
        byte[] newAuth = c.in().tpm2b(HashAlgorithm.MAX_DIGEST);
        c.endParameters();
        NvIndex i = NvAccess.index(c, 0);
        byte[] trimmed = ObjectCommands.trimAuth(newAuth);
        if (trimmed.length > i.nameAlg().digestSize()) {
            throw new TpmRcException(TpmRc.SIZE.param(1));
        }
        i.setAuthValue(Arrays.copyOf(trimmed, trimmed.length));
        c.tpm().permanentChanged();
    }
}
