package io.jvtpm.engine.fuzz;

import io.jvtpm.engine.testing.ClientSession;
import io.jvtpm.engine.wire.NvPublic;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmNt;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.wire.TpmaNv;
import java.util.List;

/**
 * Valid sequences of the NV commands (TPM 2.0 Library Part 3, 31): an index of a random type
 * defined by the owner, written, read by owner, password and HMAC session, locked, certified,
 * its authValue changed through a policy session, then undefined; a platform index with
 * POLICY_DELETE deleted with NV_UndefineSpaceSpecial.
 */
final class NvFamily {
    private static final int OWNER = TpmRh.OWNER.value();
    private static final int PLATFORM = TpmRh.PLATFORM.value();
    private static final int CC_POLICY_COMMAND_CODE = 0x16C;
    private static final int SHA256 = 0x000B;

    private NvFamily() {
    }

    static EngineFuzzer.Family family() {
        return new EngineFuzzer.Family("nv", 5, NvFamily::nv);
    }

    private static byte[] policyFor(TpmCc cc) {
        return KeyFamilies.sha256(new byte[32], TpmWire.u32Bytes(CC_POLICY_COMMAND_CODE), TpmWire.u32Bytes(cc.value()));
    }

    private static Params define(NvPublic p, byte[] auth) {
        return new Params().tpm2b(auth).sized(s -> s.u32(p.nvIndex()).alg(p.nameAlg()).u32(p.attributes())
                .tpm2b(p.authPolicy()).u16(p.dataSize()));
    }

    static void nv(EngineFuzzer f) {
        if (f.rnd.nextInt(4) == 0) {
            policyDelete(f);
        } else {
            ownerIndex(f);
        }
    }

    private static void ownerIndex(EngineFuzzer f) {
        int h = 0x01800000 + f.rnd.nextInt(4);
        f.send(f.draft(TpmCc.NV_UNDEFINE_SPACE, new int[] {OWNER, h}, Ops.empty(), new Params()));
        TpmNt[] types = TpmNt.values();
        TpmNt type = types[f.rnd.nextInt(types.length)];
        int attrs = TpmaNv.OWNERWRITE | TpmaNv.OWNERREAD | TpmaNv.AUTHREAD | TpmaNv.WRITE_STCLEAR
                | TpmaNv.READ_STCLEAR | TpmaNv.GLOBALLOCK | TpmaNv.NO_DA;
        if (type == TpmNt.PIN_FAIL || type == TpmNt.PIN_PASS) {
            attrs &= ~TpmaNv.GLOBALLOCK;
        } else {
            attrs |= TpmaNv.AUTHWRITE;
        }
        if (f.rnd.nextInt(3) == 0 && type != TpmNt.PIN_FAIL && type != TpmNt.PIN_PASS) {
            attrs |= TpmaNv.ORDERLY;
        }
        int size = switch (type) {
            case ORDINARY -> 1 + f.rnd.nextInt(f.rnd.nextBoolean() ? 64 : 2048);
            case EXTEND -> 32;
            default -> 8;
        };
        if (type == TpmNt.ORDINARY && (attrs & TpmaNv.ORDERLY) != 0) {
            size = 1 + f.rnd.nextInt(64);
        }
        byte[] auth = f.bytes(1 + f.rnd.nextInt(16));
        NvPublic pub = new NvPublic(h, SHA256, TpmaNv.withType(attrs, type), policyFor(TpmCc.NV_CHANGE_AUTH), size);
        f.must(f.draft(TpmCc.NV_DEFINE_SPACE, new int[] {OWNER}, Ops.empty(), define(pub, auth)));
        int writer = f.rnd.nextBoolean() ? OWNER : h;
        List<Auth> writeAuth = writer == OWNER || type == TpmNt.PIN_FAIL || type == TpmNt.PIN_PASS
                ? Ops.empty() : List.of(Auth.password(auth));
        if (writeAuth == Ops.empty()) {
            writer = OWNER;
        }
        int[] hs = {writer, h};
        switch (type) {
            case ORDINARY -> {
                int off = f.rnd.nextInt(size);
                int n = Math.min(size - off, 1 + f.rnd.nextInt(Math.min(size, 1024)));
                f.must(f.draft(TpmCc.NV_WRITE, hs, writeAuth, new Params().tpm2b(f.bytes(n)).u16(off)));
            }
            case COUNTER -> {
                for (int i = 1 + f.rnd.nextInt(3); i > 0; i--) {
                    f.must(f.draft(TpmCc.NV_INCREMENT, hs, writeAuth, new Params()));
                }
            }
            case BITS -> f.must(f.draft(TpmCc.NV_SET_BITS, hs, writeAuth, new Params().u64(f.rnd.nextLong())));
            case EXTEND -> f.must(f.draft(TpmCc.NV_EXTEND, hs, writeAuth, new Params().tpm2b(f.bytes(1 + f.rnd.nextInt(64)))));
            case PIN_FAIL, PIN_PASS -> f.must(f.draft(TpmCc.NV_WRITE, hs, writeAuth,
                    new Params().tpm2b(new byte[] {0, 0, 0, 0, 0, 0, 0, 5}).u16(0)));
        }
        Reply pr = f.must(f.draft(TpmCc.NV_READ_PUBLIC, new int[] {h}, List.of(), new Params()));
        if (!f.lastMutated()) {
            TpmReader r = pr.reader();
            r.skip(r.u16());
            f.world.object(h, r.tpm2b(66), auth);
        }
        int len = Math.min(size, 1 + f.rnd.nextInt(Math.min(size, 1024)));
        f.send(f.draft(TpmCc.NV_READ, new int[] {OWNER, h}, Ops.empty(), new Params().u16(len).u16(0)));
        if (f.rnd.nextBoolean()) {
            f.send(f.draft(TpmCc.NV_READ, new int[] {h, h}, List.of(Auth.password(auth)), new Params().u16(len).u16(0)));
        } else {
            ClientSession s = Ops.startSession(f, Ops.SESSION_HMAC, Ops.Salt.NONE, 0, Ops.SessionCipher.NONE);
            f.send(f.draft(TpmCc.NV_READ, new int[] {h, h}, List.of(Auth.hmac(s, 0, auth)),
                    new Params().u16(len).u16(0)));
        }
        f.send(f.draft(TpmCc.NV_CERTIFY, new int[] {f.world.signKey, OWNER, h},
                List.of(Ops.authFor(f, f.world.signKey), Auth.empty()),
                new Params().tpm2b(f.bytes(8)).alg(Templates.NULL_ALG).u16(f.rnd.nextBoolean() ? 0 : len).u16(0)));
        ClientSession ps = Ops.startSession(f, Ops.SESSION_POLICY, Ops.Salt.NONE, 0, Ops.SessionCipher.NONE);
        f.must(f.draft(TpmCc.POLICY_COMMAND_CODE, new int[] {ps.handle()}, List.of(),
                new Params().u32(TpmCc.NV_CHANGE_AUTH.value())));
        byte[] newAuth = f.bytes(1 + f.rnd.nextInt(16));
        if (f.send(f.draft(TpmCc.NV_CHANGE_AUTH, new int[] {h}, List.of(Auth.policy(ps, null)),
                new Params().tpm2b(newAuth))).ok()) {
            auth = newAuth;
            f.world.object(h, f.world.name(h), auth);
        }
        f.send(f.draft(TpmCc.FLUSH_CONTEXT, new int[0], List.of(), new Params().u32(ps.handle())));
        f.send(f.draft(TpmCc.NV_READ_LOCK, new int[] {OWNER, h}, Ops.empty(), new Params()));
        f.send(f.draft(TpmCc.NV_WRITE_LOCK, new int[] {OWNER, h}, Ops.empty(), new Params()));
        if (f.rnd.nextInt(4) == 0) {
            f.send(f.draft(TpmCc.NV_GLOBAL_WRITE_LOCK, new int[] {OWNER}, Ops.empty(), new Params()));
        }
        f.send(f.draft(TpmCc.NV_UNDEFINE_SPACE, new int[] {OWNER, h}, Ops.empty(), new Params()));
        f.world.gone(h);
    }

    /** A platform index with POLICY_DELETE: written by the platform, deleted through a policy session. */
    private static void policyDelete(EngineFuzzer f) {
        int h = 0x01C80000 + f.rnd.nextInt(2);
        int attrs = TpmaNv.PPWRITE | TpmaNv.PPREAD | TpmaNv.PLATFORMCREATE | TpmaNv.POLICY_DELETE | TpmaNv.AUTHREAD;
        NvPublic pub = new NvPublic(h, SHA256, attrs, policyFor(TpmCc.NV_UNDEFINE_SPACE_SPECIAL), 16);
        f.send(f.draft(TpmCc.NV_DEFINE_SPACE, new int[] {PLATFORM}, Ops.empty(), define(pub, f.bytes(4))));
        f.send(f.draft(TpmCc.NV_WRITE, new int[] {PLATFORM, h}, Ops.empty(), new Params().tpm2b(f.bytes(16)).u16(0)));
        f.send(f.draft(TpmCc.NV_READ, new int[] {PLATFORM, h}, Ops.empty(), new Params().u16(16).u16(0)));
        f.send(f.draft(TpmCc.NV_UNDEFINE_SPACE, new int[] {PLATFORM, h}, Ops.empty(), new Params()));
        ClientSession ps = Ops.startSession(f, Ops.SESSION_POLICY, Ops.Salt.NONE, 0, Ops.SessionCipher.NONE);
        f.must(f.draft(TpmCc.POLICY_COMMAND_CODE, new int[] {ps.handle()}, List.of(),
                new Params().u32(TpmCc.NV_UNDEFINE_SPACE_SPECIAL.value())));
        f.send(f.draft(TpmCc.NV_UNDEFINE_SPACE_SPECIAL, new int[] {h, PLATFORM},
                List.of(Auth.policy(ps, null), Auth.empty()), new Params()));
        f.send(f.draft(TpmCc.FLUSH_CONTEXT, new int[0], List.of(), new Params().u32(ps.handle())));
        f.world.gone(h);
    }
}
