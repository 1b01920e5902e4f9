package io.jvtpm.engine.fuzz;

import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import java.util.Arrays;
import java.util.List;

/**
 * Valid sequences of the TPM-wide families (TPM 2.0 Library Part 3, 17 hash sequences, 15.4 Hash,
 * 22 PCRs, 30 capabilities, 16 random numbers, 10 testing, 29 clock, 24 hierarchy commands,
 * 9 startup): hashes checked against the JDK's, PCR extends, resets and reads, every capability,
 * clock moves, hierarchy authValues changed and changed back, hierarchies disabled and enabled,
 * Clear, ChangePPS/ChangeEPS and power cycles.
 */
final class TpmFamilies {
    private static final int OWNER = TpmRh.OWNER.value();
    private static final int PLATFORM = TpmRh.PLATFORM.value();

    private TpmFamilies() {
    }

    static List<EngineFuzzer.Family> all() {
        return List.of(
                new EngineFuzzer.Family("hashing", 6, TpmFamilies::hashing),
                new EngineFuzzer.Family("pcr", 4, TpmFamilies::pcr),
                new EngineFuzzer.Family("capability", 4, TpmFamilies::capability),
                new EngineFuzzer.Family("clock", 2, TpmFamilies::clock),
                new EngineFuzzer.Family("hierarchy", 2, TpmFamilies::hierarchy));
    }

    private static HashAlgorithm hash(EngineFuzzer f) {
        HashAlgorithm[] all = HashAlgorithm.all();
        return all[f.rnd.nextInt(all.length)];
    }

    /** Hash, a hash sequence over the same data (equal digests), an event sequence. */
    static void hashing(EngineFuzzer f) {
        HashAlgorithm h = hash(f);
        byte[] data = f.bytes(f.rnd.nextInt(300));
        Reply one = f.must(f.draft(TpmCc.HASH, new int[0], List.of(),
                new Params().tpm2b(Arrays.copyOf(data, Math.min(data.length, 1024))).alg(h.id()).handle(OWNER)));
        if (f.unchanged() && !Arrays.equals(h.digest(data), one.reader().tpm2b(64))) {
            throw f.failure("Hash differs from the JDK's " + h);
        }
        byte[] auth = f.bytes(f.rnd.nextInt(10));
        Reply st = f.must(f.draft(TpmCc.HASH_SEQUENCE_START, new int[0], List.of(),
                new Params().tpm2b(auth).alg(h.id())));
        int seq = st.handle();
        f.world.object(seq, new byte[0], auth);
        int at = 0;
        while (at < data.length - 40) {
            int n = f.rnd.nextInt(data.length - at);
            f.must(f.draft(TpmCc.SEQUENCE_UPDATE, new int[] {seq}, Ops.user(f, seq),
                    new Params().tpm2b(Arrays.copyOfRange(data, at, at + n))));
            at += n;
        }
        Reply done = f.must(f.draft(TpmCc.SEQUENCE_COMPLETE, new int[] {seq}, Ops.user(f, seq),
                new Params().tpm2b(Arrays.copyOfRange(data, at, data.length)).handle(OWNER)));
        f.world.gone(seq);
        if (f.unchanged() && !Arrays.equals(h.digest(data), done.reader().tpm2b(64))) {
            throw f.failure("the hash sequence differs from the JDK's " + h);
        }
        Reply ev = f.must(f.draft(TpmCc.HASH_SEQUENCE_START, new int[0], List.of(),
                new Params().tpm2b(new byte[0]).alg(Templates.NULL_ALG)));
        f.world.object(ev.handle(), new byte[0], new byte[0]);
        f.send(f.draft(TpmCc.SEQUENCE_UPDATE, new int[] {ev.handle()}, Ops.empty(), new Params().tpm2b(f.bytes(33))));
        Reply end = f.send(f.draft(TpmCc.EVENT_SEQUENCE_COMPLETE, new int[] {16, ev.handle()},
                List.of(Auth.empty(), Auth.empty()), new Params().tpm2b(f.bytes(7))));
        if (end.ok()) {
            f.world.gone(ev.handle());
        }
    }

    /** PCR_Extend, PCR_Event, PCR_Read, PCR_Reset of the resettable PCRs. */
    static void pcr(EngineFuzzer f) {
        int pcr = f.rnd.nextInt(4) == 0 ? f.rnd.nextInt(24) : 16 + f.rnd.nextInt(8);
        HashAlgorithm h = f.rnd.nextBoolean() ? HashAlgorithm.SHA256 : HashAlgorithm.SHA1;
        f.send(f.draft(TpmCc.PCR_EXTEND, new int[] {pcr}, Ops.empty(),
                new Params().u32(1).alg(h.id()).bytes(f.bytes(h.digestSize()))));
        f.send(f.draft(TpmCc.PCR_EVENT, new int[] {pcr}, Ops.empty(), new Params().tpm2b(f.bytes(f.rnd.nextInt(64)))));
        Params read = new Params();
        read.u32(2).alg(HashAlgorithm.SHA256.id()).u8(3).u8(0xFF).u8(0xFF).u8(0xFF)
                .alg(HashAlgorithm.SHA1.id()).u8(3).u8(f.rnd.nextInt(256)).u8(0).u8(0x01);
        f.must(f.draft(TpmCc.PCR_READ, new int[0], List.of(), read));
        f.send(f.draft(TpmCc.PCR_RESET, new int[] {16 + f.rnd.nextInt(8)}, Ops.empty(), new Params()));
        if (f.rnd.nextInt(50) == 0) {
            Params alloc = new Params();
            Ops.pcrSelection(alloc, 0xFFFFFF);
            f.send(f.draft(TpmCc.PCR_ALLOCATE, new int[] {PLATFORM}, Ops.empty(), alloc));
        }
    }

    /** GetCapability of each capability, GetRandom, StirRandom, TestParms, self tests, ECC_Parameters. */
    static void capability(EngineFuzzer f) {
        int cap = f.rnd.nextInt(10);
        int[] handles = {0, 0x80000000, 0x81000000, 0x02000000, 0x03000000, 0x40000000};
        int property = switch (cap) {
            case 1 -> handles[f.rnd.nextInt(handles.length)];
            case 2 -> 0x11F + f.rnd.nextInt(0x80);
            case 6 -> 0x100 + f.rnd.nextInt(0x230);
            case 9 -> 0x40000000 + f.rnd.nextInt(16);
            default -> f.rnd.nextInt(4) == 0 ? f.rnd.nextInt(0x30) : 0;
        };
        Reply r = f.must(f.draft(TpmCc.GET_CAPABILITY, new int[0], List.of(),
                new Params().u32(cap).handle(property).u32(1 + f.rnd.nextInt(f.rnd.nextBoolean() ? 8 : 300))));
        TpmReader in = r.reader();
        in.u8();
        if (in.u32() != cap && f.unchanged()) {
            throw f.failure("GetCapability answered another capability");
        }
        f.must(f.draft(TpmCc.GET_RANDOM, new int[0], List.of(), new Params().u16(f.rnd.nextInt(80))));
        f.must(f.draft(TpmCc.STIR_RANDOM, new int[0], List.of(), new Params().tpm2b(f.bytes(f.rnd.nextInt(128)))));
        Params parms = new Params();
        switch (f.rnd.nextInt(4)) {
            case 0 -> parms.alg(Templates.ECC).alg(Templates.NULL_ALG).alg(Templates.ECDSA).alg(Templates.SHA256)
                    .alg(1 + f.rnd.nextInt(4)).alg(Templates.NULL_ALG);
            case 1 -> parms.alg(Templates.SYMCIPHER).alg(Templates.AES).u16(f.rnd.nextBoolean() ? 128 : 256)
                    .alg(Templates.CFB);
            case 2 -> parms.alg(Templates.KEYEDHASH).alg(Templates.HMAC).alg(hash(f).id());
            default -> parms.alg(Templates.RSA).alg(Templates.NULL_ALG).alg(Templates.NULL_ALG)
                    .u16(f.rnd.nextBoolean() ? 2048 : 1024).u32(f.rnd.nextBoolean() ? 0 : 65537);
        }
        f.send(f.draft(TpmCc.TEST_PARMS, new int[0], List.of(), parms));
        switch (f.rnd.nextInt(4)) {
            case 0 -> f.send(f.draft(TpmCc.SELF_TEST, new int[0], List.of(), new Params().flag(f.rnd.nextInt(2))));
            case 1 -> f.send(f.draft(TpmCc.INCREMENTAL_SELF_TEST, new int[0], List.of(),
                    new Params().u32(2).alg(Templates.AES).alg(hash(f).id())));
            case 2 -> f.send(f.draft(TpmCc.GET_TEST_RESULT, new int[0], List.of(), new Params()));
            default -> f.send(f.draft(TpmCc.ECC_PARAMETERS, new int[0], List.of(),
                    new Params().alg(f.rnd.nextBoolean() ? Templates.NIST_P256 : 1 + f.rnd.nextInt(4))));
        }
    }

    /** ReadClock, ClockSet forward (and a refused step back), ClockRateAdjust. */
    static void clock(EngineFuzzer f) {
        Reply r = f.must(f.draft(TpmCc.READ_CLOCK, new int[0], List.of(), new Params()));
        TpmReader in = r.reader();
        in.u64();
        long clock = in.u64();
        long to = clock + (f.rnd.nextBoolean() ? f.rnd.nextInt(1_000_000) : -1 - f.rnd.nextInt(1000));
        f.send(f.draft(TpmCc.CLOCK_SET, new int[] {OWNER}, Ops.empty(), new Params().u64(to)));
        f.send(f.draft(TpmCc.CLOCK_RATE_ADJUST, new int[] {OWNER}, Ops.empty(), new Params().flag(f.rnd.nextInt(7) - 3)));
        f.must(f.draft(TpmCc.READ_CLOCK, new int[0], List.of(), new Params()));
    }

    /**
     * HierarchyChangeAuth and back, HierarchyControl off and on, ClearControl, and rarely Clear,
     * ChangePPS, ChangeEPS or a power cycle (after which the standing keys are made again).
     */
    static void hierarchy(EngineFuzzer f) {
        int[] hs = {OWNER, TpmRh.ENDORSEMENT.value(), TpmRh.LOCKOUT.value(), PLATFORM};
        int h = hs[f.rnd.nextInt(hs.length)];
        byte[] auth = f.bytes(1 + f.rnd.nextInt(32));
        Reply set = f.send(f.draft(TpmCc.HIERARCHY_CHANGE_AUTH, new int[] {h}, Ops.empty(), new Params().tpm2b(auth)));
        if (set.ok()) {
            Reply back = f.send(f.draft(TpmCc.HIERARCHY_CHANGE_AUTH, new int[] {h}, Ops.pw(auth),
                    new Params().tpm2b(new byte[0])));
            if (!back.ok()) {
                f.world.needsResync = true;
            }
        } else if (f.unchanged()) {
            f.world.needsResync = true;
        }
        int enable = f.rnd.nextBoolean() ? TpmRh.ENDORSEMENT.value() : OWNER;
        f.send(f.draft(TpmCc.HIERARCHY_CONTROL, new int[] {PLATFORM}, Ops.empty(), new Params().handle(enable).flag(0)));
        f.send(f.draft(TpmCc.HIERARCHY_CONTROL, new int[] {PLATFORM}, Ops.empty(), new Params().handle(enable).flag(1)));
        f.send(f.draft(TpmCc.CLEAR_CONTROL, new int[] {PLATFORM}, Ops.empty(), new Params().flag(f.rnd.nextInt(2))));
        switch (f.rnd.nextInt(40)) {
            case 0 -> {
                f.send(f.draft(TpmCc.CLEAR, new int[] {f.rnd.nextBoolean() ? PLATFORM : TpmRh.LOCKOUT.value()},
                        Ops.empty(), new Params()));
                f.world.needsResync = true;
            }
            case 1 -> {
                f.send(f.draft(TpmCc.CHANGE_PPS, new int[] {PLATFORM}, Ops.empty(), new Params()));
                f.world.needsResync = true;
            }
            case 2 -> {
                if (f.rnd.nextInt(20) == 0) {
                    // a new endorsement seed: the RSA storage key is made again (expensive, so rare)
                    f.send(f.draft(TpmCc.CHANGE_EPS, new int[] {PLATFORM}, Ops.empty(), new Params()));
                    f.world.needsResync = true;
                }
            }
            case 3 -> {
                TpmSu su = f.rnd.nextBoolean() ? TpmSu.STATE : TpmSu.CLEAR;
                f.send(f.draft(TpmCc.SHUTDOWN, new int[0], List.of(), new Params().u16(su.value())));
                f.tpm().init();
                f.send(f.draft(TpmCc.STARTUP, new int[0], List.of(), new Params().u16(su.value())));
                f.world.needsResync = true;
            }
            case 4, 5 -> dictionaryAttack(f);
            default -> f.send(f.draft(TpmCc.GET_CAPABILITY, new int[0], List.of(),
                    new Params().u32(6).u32(0x200).u32(32)));
        }
        // whatever this left disabled or changed, the next scenario starts from a reset
        f.world.needsResync = true;
    }

    /**
     * DictionaryAttackParameters (maxTries, recoveryTime, lockoutRecovery small, so that the rest
     * of the run still authorizes), then DictionaryAttackLockReset, both with lockoutAuth; each
     * sent again after TPM_RC_RETRY, the first DA-protected authorization of a cycle.
     */
    private static void dictionaryAttack(EngineFuzzer f) {
        int lockout = TpmRh.LOCKOUT.value();
        Params parameters = new Params().u32(3 + f.rnd.nextInt(30)).u32(f.rnd.nextInt(11)).u32(f.rnd.nextInt(11));
        for (TpmCc cc : new TpmCc[] {TpmCc.DICTIONARY_ATTACK_PARAMETERS, TpmCc.DICTIONARY_ATTACK_LOCK_RESET}) {
            Params p = cc == TpmCc.DICTIONARY_ATTACK_PARAMETERS ? parameters : new Params();
            Reply r = f.send(f.draft(cc, new int[] {lockout}, Ops.empty(), p));
            if (r.rc() == TpmRc.RETRY.value()) {
                f.send(f.draft(cc, new int[] {lockout}, Ops.empty(), p));
            }
        }
    }
}
