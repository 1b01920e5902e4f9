package io.jvtpm.engine.command;

import io.jvtpm.engine.core.DictionaryAttack;
import io.jvtpm.engine.core.Hierarchies;
import io.jvtpm.engine.core.Orderly;
import io.jvtpm.engine.core.TpmClock;
import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.nv.index.NvBudget;
import io.jvtpm.engine.nv.index.NvIndices;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TpmHt;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.pcr.PcrAttributes;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmCap;
import io.jvtpm.engine.wire.TpmPt;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRh;

/**
 * TPM2_GetCapability (TPM 2.0 Library Part 3, 30.2; TPMS_CAPABILITY_DATA, Part 2, 10.10) with
 * property/count paging and moreData. Every list comes from the engine's own tables: the
 * algorithms it implements, the command table, the PCR attributes of the PC Client profile.
 */
final class CapabilityCommands {
    /** MAX_CAP_BUFFER and the per-list maxima derived from it (Part 2, Table "Defines for Implementation Values"). */
    static final int MAX_CAP_BUFFER = 1024;
    private static final int MAX_CAP_DATA = MAX_CAP_BUFFER - 4 - 4;
    private static final int MAX_CAP_ALGS = MAX_CAP_DATA / 6;
    private static final int MAX_CAP_HANDLES = MAX_CAP_DATA / 4;
    static final int MAX_CAP_CC = MAX_CAP_DATA / 4;
    private static final int MAX_TPM_PROPERTIES = MAX_CAP_DATA / 8;
    private static final int MAX_PCR_PROPERTIES = MAX_CAP_DATA / 8;
    private static final int MAX_TAGGED_POLICIES = MAX_CAP_DATA / (4 + 2 + HashAlgorithm.MAX_DIGEST);

    /** TPMA_ALGORITHM bits. */
    private static final int ASYMMETRIC = 1;
    private static final int SYMMETRIC = 1 << 1;
    private static final int HASH = 1 << 2;
    private static final int OBJECT = 1 << 3;
    private static final int SIGNING = 1 << 8;
    private static final int ENCRYPTING = 1 << 9;
    private static final int METHOD = 1 << 10;

    /** The implemented algorithms and their TPMA_ALGORITHM, ascending by TPM_ALG_ID. */
    private static final int[][] ALGORITHMS = {
        {TpmAlgId.RSA.value(), ASYMMETRIC | OBJECT},
        {TpmAlgId.SHA1.value(), HASH},
        {TpmAlgId.HMAC.value(), HASH | SIGNING},
        {TpmAlgId.AES.value(), SYMMETRIC},
        {TpmAlgId.MGF1.value(), HASH | METHOD},
        {TpmAlgId.KEYEDHASH.value(), HASH | OBJECT | SIGNING},
        {TpmAlgId.SHA256.value(), HASH},
        {TpmAlgId.SHA384.value(), HASH},
        {TpmAlgId.SHA512.value(), HASH},
        {TpmAlgId.NULL.value(), 0},
        {TpmAlgId.RSASSA.value(), ASYMMETRIC | SIGNING},
        {TpmAlgId.RSAES.value(), ASYMMETRIC | ENCRYPTING},
        {TpmAlgId.RSAPSS.value(), ASYMMETRIC | SIGNING},
        {TpmAlgId.OAEP.value(), ASYMMETRIC | ENCRYPTING},
        {TpmAlgId.ECDSA.value(), ASYMMETRIC | SIGNING},
        {TpmAlgId.ECDH.value(), ASYMMETRIC | METHOD},
        {TpmAlgId.ECDAA.value(), ASYMMETRIC | SIGNING},
        {TpmAlgId.ECSCHNORR.value(), ASYMMETRIC | SIGNING},
        {TpmAlgId.KDF1_SP800_108.value(), HASH | METHOD},
        {TpmAlgId.ECC.value(), ASYMMETRIC | OBJECT},
        {TpmAlgId.SYMCIPHER.value(), OBJECT | SYMMETRIC},
        {TpmAlgId.CMAC.value(), SYMMETRIC | SIGNING},
        {TpmAlgId.CTR.value(), SYMMETRIC | ENCRYPTING},
        {TpmAlgId.OFB.value(), SYMMETRIC | ENCRYPTING},
        {TpmAlgId.CBC.value(), SYMMETRIC | ENCRYPTING},
        {TpmAlgId.CFB.value(), SYMMETRIC | ENCRYPTING},
        {TpmAlgId.ECB.value(), SYMMETRIC | ENCRYPTING},
    };

    private static final int[] PERMANENT_HANDLES = {
        TpmRh.OWNER.value(), TpmRh.NULL.value(), TpmRh.RS_PW.value(), TpmRh.LOCKOUT.value(),
        TpmRh.ENDORSEMENT.value(), TpmRh.PLATFORM.value(), TpmRh.PLATFORM_NV.value(),
    };

    private static final int[] POLICY_HANDLES = {
        TpmRh.OWNER.value(), TpmRh.LOCKOUT.value(), TpmRh.ENDORSEMENT.value(), TpmRh.PLATFORM.value(),
    };

    /** TPM_PT_PCR tags and their PCR bitmaps (TPM_PT_PCR_SAVE .. TPM_PT_PCR_AUTH). */
    private static final int[][] PCR_PROPERTIES;

    static {
        int[][] p = new int[15][];
        int n = 0;
        p[n++] = new int[] {0x00, PcrAttributes.bitmap(PcrAttributes::stateSave)};
        for (int l = 0; l <= 4; l++) {
            final int loc = l;
            p[n++] = new int[] {1 + 2 * l, PcrAttributes.bitmap(i -> PcrAttributes.canExtend(i, loc))};
            p[n++] = new int[] {2 + 2 * l, PcrAttributes.bitmap(i -> PcrAttributes.canReset(i, loc))};
        }
        p[n++] = new int[] {0x11, PcrAttributes.bitmap(PcrAttributes::noIncrement)};
        p[n++] = new int[] {0x12, PcrAttributes.bitmap(PcrAttributes::drtm)};
        p[n++] = new int[] {0x13, PcrAttributes.bitmap(PcrAttributes::inAuthGroup)};
        p[n++] = new int[] {0x14, PcrAttributes.bitmap(PcrAttributes::inAuthGroup)};
        PCR_PROPERTIES = p;
    }

    /** TPM_CAP_ACT (Part 2, 6.12); this TPM has no authenticated countdown timers. */
    private static final int TPM_CAP_ACT = 0xA;

    private final CommandTable table;

    CapabilityCommands(CommandTable table) {
        this.table = table;
    }

    void getCapability(Command c) {
        TpmReader r = c.in();
        int capValue = r.u32();
        TpmCap cap = TpmCap.of(capValue);
        if (cap == null && capValue == TPM_CAP_ACT) {
            // a known capability without ACTs: libtpms blames the property
            throw new TpmRcException(TpmRc.VALUE.param(2));
        }
        if (cap == null) {
            throw r.fail(TpmRc.VALUE);
        }
        r.param(2);
        int property = r.u32();
        r.param(3);
        int count = r.u32();
        c.endParameters();
        TpmWriter w = c.out();
        int moreAt = w.reserve(1);
        w.u32(cap.value());
        boolean more = switch (cap) {
            case ALGS -> algs(w, property, count);
            case HANDLES -> handles(c.tpm(), w, property, count);
            case COMMANDS -> commands(w, property, count);
            case PP_COMMANDS -> emptyList(w);
            case AUDIT_COMMANDS -> auditCommands(c.tpm(), w, property, count);
            case PCRS -> pcrs(c.tpm(), w, property);
            case TPM_PROPERTIES -> properties(c.tpm(), w, property, count);
            case PCR_PROPERTIES -> pcrProperties(w, property, count);
            case ECC_CURVES -> eccCurves(w, property, count);
            case AUTH_POLICIES -> authPolicies(w, property, count);
        };
        w.array()[moreAt] = (byte) (more ? 1 : 0);
    }

    private static boolean eccCurves(TpmWriter w, int property, int count) {
        int countAt = w.reserve(4);
        int written = 0;
        boolean more = false;
        for (io.jvtpm.engine.crypto.EccCurve c : io.jvtpm.engine.crypto.EccCurve.values()) {
            if (Integer.compareUnsigned(c.id(), property) < 0) {
                continue;
            }
            if (Integer.compareUnsigned(written, count) >= 0) {
                more = true;
                break;
            }
            w.u16(c.id());
            written++;
        }
        w.putU32(countAt, written);
        return more;
    }

    private static boolean emptyList(TpmWriter w) {
        w.u32(0);
        return false;
    }

    private static boolean algs(TpmWriter w, int property, int count) {
        int n = Integer.compareUnsigned(count, MAX_CAP_ALGS) > 0 ? MAX_CAP_ALGS : count;
        int countAt = w.reserve(4);
        int written = 0;
        boolean more = false;
        for (int[] a : ALGORITHMS) {
            if (Integer.compareUnsigned(a[0], property) < 0) {
                continue;
            }
            if (written == n) {
                more = true;
                break;
            }
            w.u16(a[0]).u32(a[1]);
            written++;
        }
        w.putU32(countAt, written);
        return more;
    }

    private static boolean handleList(TpmWriter w, int[] handles, int property, int count) {
        return u32List(w, handles, property, count, MAX_CAP_HANDLES);
    }

    /** A list of 32-bit values (ascending) from {@code property} on, at most {@code count} and {@code max}. */
    private static boolean u32List(TpmWriter w, int[] values, int property, int count, int max) {
        int n = Integer.compareUnsigned(count, max) > 0 ? max : count;
        int countAt = w.reserve(4);
        int written = 0;
        boolean more = false;
        for (int h : values) {
            if (Integer.compareUnsigned(h, property) < 0) {
                continue;
            }
            if (written == n) {
                more = true;
                break;
            }
            w.u32(h);
            written++;
        }
        w.putU32(countAt, written);
        return more;
    }

    /** Loaded and saved sessions: each holds one of the slots. */
    private static int activeSessions(TpmEngine tpm) {
        return tpm.sessions().activeCount();
    }

    /** The session handles at or after the slot {@code property} names, whatever their type. */
    private static int[] fromSlot(int[] sessions, int property) {
        int from = property & 0xFFFFFF;
        return java.util.Arrays.stream(sessions).filter(h -> (h & 0xFFFFFF) >= from).toArray();
    }

    private static boolean handles(TpmEngine tpm, TpmWriter w, int property, int count) {
        TpmHt type = TpmHt.of(property);
        if (type == null) {
            throw new TpmRcException(TpmRc.HANDLE.param(2));
        }
        int[] list;
        switch (type) {
            case PCR -> {
                list = new int[PcrAttributes.COUNT];
                for (int i = 0; i < list.length; i++) {
                    list[i] = i;
                }
            }
            case PERMANENT -> list = PERMANENT_HANDLES;
            case TRANSIENT -> list = tpm.loadedObjects();
            case PERSISTENT -> list = tpm.objectState().persistentHandles();
            // TPM_HT_LOADED_SESSION lists every loaded session, HMAC or policy, and
            // TPM_HT_SAVED_SESSION the saved ones (Part 2, 7.2; as libtpms lists them)
            case HMAC_SESSION -> {
                return handleList(w, fromSlot(tpm.sessions().handles(), property), 0, count);
            }
            case POLICY_SESSION -> {
                return handleList(w, fromSlot(tpm.sessions().savedHandles(), property), 0, count);
            }
            case NV_INDEX -> list = tpm.nvIndices().handles(); // every index, as libtpms lists them
            default -> throw new AssertionError(type);
        }
        return handleList(w, list, property, count);
    }

    private boolean commands(TpmWriter w, int property, int count) {
        int n = Integer.compareUnsigned(count, MAX_CAP_CC) > 0 ? MAX_CAP_CC : count;
        int countAt = w.reserve(4);
        int written = 0;
        boolean more = false;
        for (CommandSpec s : table.all()) {
            if (Integer.compareUnsigned(s.cc().value(), property) < 0) {
                continue;
            }
            if (written == n) {
                more = true;
                break;
            }
            w.u32(s.attributes());
            written++;
        }
        w.putU32(countAt, written);
        return more;
    }

    /** TPM_CAP_AUDIT_COMMANDS: the audited commands from {@code property} on (TPML_CC, Part 2, 10.9.3). */
    private static boolean auditCommands(TpmEngine tpm, TpmWriter w, int property, int count) {
        return u32List(w, tpm.commandAudit().audited(), property, count, MAX_CAP_CC);
    }

    private static boolean pcrs(TpmEngine tpm, TpmWriter w, int property) {
        if (property != 0) {
            throw new TpmRcException(TpmRc.VALUE.param(2));
        }
        HashAlgorithm[] all = HashAlgorithm.all();
        w.u32(all.length);
        for (HashAlgorithm h : all) {
            int m = tpm.pcrs().allocation(h);
            w.u16(h.id()).u8(PcrAttributes.SELECT_SIZE).u8(m).u8(m >>> 8).u8(m >>> 16);
        }
        return false;
    }

    private boolean properties(TpmEngine tpm, TpmWriter w, int property, int count) {
        int n = Integer.compareUnsigned(count, MAX_TPM_PROPERTIES) > 0 ? MAX_TPM_PROPERTIES : count;
        int start = Integer.compareUnsigned(property, TpmPt.PT_FIXED) < 0 ? TpmPt.PT_FIXED : property;
        int groupEnd = Integer.compareUnsigned(start, TpmPt.PT_VAR) < 0 ? TpmPt.PT_VAR : TpmPt.PT_VAR + 0x100;
        int countAt = w.reserve(4);
        int written = 0;
        boolean more = false;
        for (TpmPt pt : TpmPt.values()) {
            int p = pt.value();
            if (Integer.compareUnsigned(p, start) < 0 || p >= groupEnd) {
                continue;
            }
            if (written == n) {
                more = true;
                break;
            }
            w.u32(p).u32(value(tpm, pt));
            written++;
        }
        w.putU32(countAt, written);
        return more;
    }

    /** The value of one TPM_PT property (Part 2, 6.13): fixed ones first, then those that follow the TPM's state. */
    int value(TpmEngine tpm, TpmPt pt) {
        return pt.value() >= TpmPt.PT_VAR ? variableValue(tpm, pt) : identityValue(tpm, pt);
    }

    /** The fixed properties that name the TPM and the platform specification it follows. */
    private int identityValue(TpmEngine tpm, TpmPt pt) {
        return switch (pt) {
            case FAMILY_INDICATOR -> 0x322E3000; // "2.0"
            case LEVEL -> 0;
            case REVISION -> 159;
            case DAY_OF_YEAR -> 312;
            case YEAR -> 2019;
            case MANUFACTURER -> 0x4A565450; // "JVTP"
            case VENDOR_STRING_1 -> 0x6A767470; // "jvtp"
            case VENDOR_STRING_2 -> 0x6D000000; // "m"
            case VENDOR_STRING_3, VENDOR_STRING_4 -> 0;
            case VENDOR_TPM_TYPE -> 1;
            case FIRMWARE_VERSION_1 -> 0x00000001;
            case FIRMWARE_VERSION_2 -> 0;
            case PS_FAMILY_INDICATOR -> 1; // TPM_PS_PC
            case PS_LEVEL -> 0;
            case PS_REVISION -> 105;
            case PS_DAY_OF_YEAR -> 0;
            case PS_YEAR -> 2020;
            default -> limitValue(tpm, pt);
        };
    }

    /** The fixed properties that state the implementation's sizes and limits. */
    private int limitValue(TpmEngine tpm, TpmPt pt) {
        return switch (pt) {
            case INPUT_BUFFER -> 1024;
            case HR_TRANSIENT_MIN -> TpmEngine.OBJECT_SLOTS;
            case HR_LOADED_MIN -> io.jvtpm.engine.session.SessionTable.LOADED_MAX;
            case HR_PERSISTENT_MIN -> io.jvtpm.engine.object.ObjectState.PERSISTENT_SLOTS;
            case ACTIVE_SESSIONS_MAX -> io.jvtpm.engine.session.SessionTable.ACTIVE_MAX;
            case PCR_COUNT -> PcrAttributes.COUNT;
            case PCR_SELECT_MIN -> PcrAttributes.SELECT_SIZE;
            case CONTEXT_GAP_MAX -> io.jvtpm.engine.session.SessionTable.CONTEXT_GAP_MAX;
            case NV_COUNTERS_MAX, MEMORY -> 0;
            case NV_INDEX_MAX -> NvBudget.MAX_NV_INDEX_SIZE;
            case CLOCK_UPDATE -> (int) TpmClock.UPDATE_INTERVAL;
            case CONTEXT_HASH -> TpmAlgId.SHA512.value();
            case CONTEXT_SYM -> TpmAlgId.AES.value();
            case CONTEXT_SYM_SIZE -> 128;
            case ORDERLY_COUNT -> (int) NvIndices.MAX_ORDERLY_COUNT;
            case MAX_COMMAND_SIZE, MAX_RESPONSE_SIZE -> tpm.bufferSize();
            case MAX_DIGEST -> HashAlgorithm.MAX_DIGEST;
            case MAX_OBJECT_CONTEXT -> 1024;
            case MAX_SESSION_CONTEXT -> 0;
            case SPLIT_MAX -> 0;
            case TOTAL_COMMANDS, LIBRARY_COMMANDS -> table.all().size();
            case VENDOR_COMMANDS -> 0;
            case NV_BUFFER_MAX -> NvBudget.MAX_NV_BUFFER_SIZE;
            case MODES -> 0;
            case MAX_CAP_BUFFER -> MAX_CAP_BUFFER;
            default -> throw new IllegalArgumentException("not a fixed TPM_PT: " + pt);
        };
    }

    /** The variable properties (PT_VAR), read from the TPM's current state. */
    private static int variableValue(TpmEngine tpm, TpmPt pt) {
        Hierarchies hi = tpm.hierarchies();
        DictionaryAttack da = tpm.dictionaryAttack();
        return switch (pt) {
            case PERMANENT -> (hi.authValue(TpmRh.OWNER.value()).length > 0 ? 1 : 0)
                    | (hi.authValue(TpmRh.ENDORSEMENT.value()).length > 0 ? 2 : 0)
                    | (hi.authValue(TpmRh.LOCKOUT.value()).length > 0 ? 4 : 0)
                    | (hi.disableClear() ? 1 << 8 : 0)
                    | (da.inLockout() ? 1 << 9 : 0)
                    // tpmGeneratedEPS: this TPM made its EPS, at manufacture and in ChangeEPS
                    | 1 << 10;
            case STARTUP_CLEAR -> (hi.isEnabled(TpmRh.PLATFORM.value()) ? 1 : 0)
                    | (hi.isEnabled(TpmRh.OWNER.value()) ? 2 : 0)
                    | (hi.isEnabled(TpmRh.ENDORSEMENT.value()) ? 4 : 0)
                    | (hi.phEnableNV() ? 8 : 0)
                    | (tpm.orderly() != Orderly.NONE ? 1 << 31 : 0);
            case HR_NV_INDEX -> tpm.nvIndices().count();
            case HR_ACTIVE -> activeSessions(tpm);
            case HR_ACTIVE_AVAIL -> io.jvtpm.engine.session.SessionTable.ACTIVE_MAX - activeSessions(tpm);
            case HR_PERSISTENT -> tpm.objectState().persistentCount();
            case HR_PERSISTENT_AVAIL -> budget(tpm).persistentAvail();
            // HR_LOADED counts authorization sessions in TPM RAM (Part 2, 6.13), HR_TRANSIENT objects
            case HR_LOADED -> tpm.sessions().loadedCount();
            case HR_LOADED_AVAIL -> io.jvtpm.engine.session.SessionTable.LOADED_MAX - tpm.sessions().loadedCount();
            case HR_TRANSIENT_AVAIL -> TpmEngine.OBJECT_SLOTS - tpm.loadedObjects().length;
            case LOADED_CURVES -> io.jvtpm.engine.crypto.EccCurve.values().length;
            case NV_COUNTERS -> tpm.nvIndices().counters();
            case NV_COUNTERS_AVAIL -> budget(tpm).countersAvail();
            case ALGORITHM_SET -> 0;
            case LOCKOUT_COUNTER -> da.failedTries();
            case MAX_AUTH_FAIL -> da.maxTries();
            case LOCKOUT_INTERVAL -> da.recoveryTime();
            case LOCKOUT_RECOVERY -> da.lockoutRecovery();
            case AUDIT_COUNTER_0 -> (int) (tpm.commandAudit().counter() >>> 32);
            case AUDIT_COUNTER_1 -> (int) tpm.commandAudit().counter();
            case NV_WRITE_RECOVERY -> 0;
            default -> throw new IllegalArgumentException("not a variable TPM_PT: " + pt);
        };
    }

    private static boolean pcrProperties(TpmWriter w, int property, int count) {
        int n = Integer.compareUnsigned(count, MAX_PCR_PROPERTIES) > 0 ? MAX_PCR_PROPERTIES : count;
        int countAt = w.reserve(4);
        int written = 0;
        boolean more = false;
        for (int[] p : PCR_PROPERTIES) {
            if (Integer.compareUnsigned(p[0], property) < 0) {
                continue;
            }
            if (written == n) {
                more = true;
                break;
            }
            w.u32(p[0]).u8(PcrAttributes.SELECT_SIZE).u8(p[1]).u8(p[1] >>> 8).u8(p[1] >>> 16);
            written++;
        }
        w.putU32(countAt, written);
        return more;
    }

    private static boolean authPolicies(TpmWriter w, int property, int count) {
        if (!TpmHt.PERMANENT.matches(property)) {
            throw new TpmRcException(TpmRc.VALUE.param(2));
        }
        int n = Integer.compareUnsigned(count, MAX_TAGGED_POLICIES) > 0 ? MAX_TAGGED_POLICIES : count;
        int countAt = w.reserve(4);
        int written = 0;
        boolean more = false;
        for (int h : POLICY_HANDLES) {
            if (Integer.compareUnsigned(h, property) < 0) {
                continue;
            }
            if (written == n) {
                more = true;
                break;
            }
            // no hierarchy policy can be set here: each is the empty TPM_ALG_NULL digest
            w.u32(h).u16(TpmAlgId.NULL.value());
            written++;
        }
        w.putU32(countAt, written);
        return more;
    }

    private static NvBudget budget(TpmEngine tpm) {
        return tpm.nvIndices().budget(tpm.objectState().persistentCount());
    }

}
