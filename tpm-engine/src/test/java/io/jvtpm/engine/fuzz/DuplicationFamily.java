package io.jvtpm.engine.fuzz;

import io.jvtpm.engine.testing.ClientSession;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmWire;
import java.util.List;

/**
 * The duplication family (TPM 2.0 Library Part 3, 13.1 Duplicate, 13.2 Rewrap, 13.3 Import): a
 * duplicable signing key whose authPolicy is PolicyCommandCode(Duplicate) is duplicated (a policy
 * session in the DUP role) to the ECC or the RSA storage key, perhaps rewrapped for the other,
 * imported, loaded and used.
 */
final class DuplicationFamily {
    /** TPM_CC_PolicyCommandCode. */
    private static final int CC_POLICY_COMMAND_CODE = 0x16C;

    private DuplicationFamily() {
    }

    static EngineFuzzer.Family family() {
        return new EngineFuzzer.Family("duplication", 2, DuplicationFamily::run);
    }

    static void run(EngineFuzzer f) {
        World w = f.world;
        byte[] policy = KeyFamilies.sha256(new byte[32], TpmWire.u32Bytes(CC_POLICY_COMMAND_CODE),
                TpmWire.u32Bytes(TpmCc.DUPLICATE.value()));
        byte[] auth = f.bytes(1 + f.rnd.nextInt(8));
        int key = Ops.createLoaded(f, w.srk, auth, new byte[0], p -> Templates.ecc(p, Templates.ECDSA,
                Templates.SIGN | Templates.USER_WITH_AUTH | Templates.SENSITIVE_DATA_ORIGIN, policy));
        byte[] pub = f.must(f.draft(TpmCc.READ_PUBLIC, new int[] {key}, List.of(), new Params())).reader().tpm2b(4096);
        ClientSession s = Ops.startSession(f, Ops.SESSION_POLICY, Ops.Salt.NONE, 0, Ops.SessionCipher.NONE);
        f.must(f.draft(TpmCc.POLICY_COMMAND_CODE, new int[] {s.handle()}, List.of(),
                new Params().u32(TpmCc.DUPLICATE.value())));
        int parent = f.rnd.nextBoolean() ? w.srk : w.ek;
        Reply dup = f.must(f.draft(TpmCc.DUPLICATE, new int[] {key, parent}, List.of(Auth.policy(s, null)),
                new Params().tpm2b(new byte[0]).alg(Templates.NULL_ALG)));
        TpmReader in = dup.reader();
        in.tpm2b(64);
        byte[] blob = in.tpm2b(4096);
        byte[] seed = in.tpm2b(1024);
        if (f.rnd.nextBoolean()) {
            int other = parent == w.srk ? w.ek : w.srk;
            Reply re = f.must(f.draft(TpmCc.REWRAP, new int[] {parent, other}, Ops.user(f, parent),
                    new Params().tpm2b(blob).tpm2b(w.name(key)).tpm2b(seed)));
            TpmReader rr = re.reader();
            blob = rr.tpm2b(4096);
            seed = rr.tpm2b(1024);
            parent = other;
        }
        Reply imp = f.must(f.draft(TpmCc.IMPORT, new int[] {parent}, Ops.user(f, parent),
                new Params().tpm2b(new byte[0]).tpm2b(pub).tpm2b(blob).tpm2b(seed).alg(Templates.NULL_ALG)));
        int loaded = Ops.load(f, parent, new byte[][] {imp.reader().tpm2b(4096), pub}, auth);
        f.must(f.draft(TpmCc.SIGN, new int[] {loaded}, Ops.user(f, loaded), KeyFamilies.sign(f.bytes(32))));
        Ops.flush(f, loaded);
        Ops.flush(f, key);
    }
}
