package io.jvtpm.engine.fuzz;

import io.jvtpm.engine.testing.ClientSession;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmaSession;
import java.util.List;

/**
 * The audit family (TPM 2.0 Library Part 3, 18.5 GetSessionAuditDigest, 18.6
 * GetCommandAuditDigest, 21.2 SetCommandCodeAuditStatus; Part 1, 19.6.14): commands set to be
 * audited or cleared, or a new audit hash; an HMAC session used for audit (started or reset,
 * then exclusive) on GetRandom and GetCapability; the session and command audit digests signed
 * by the signing key or unsigned.
 */
final class AuditFamily {
    private static final int[] HASHES = {0x000B, 0x000C, 0x000D};
    private static final TpmCc[] AUDITABLE = {TpmCc.GET_RANDOM, TpmCc.GET_CAPABILITY, TpmCc.HASH, TpmCc.PCR_READ,
        TpmCc.READ_CLOCK, TpmCc.SHUTDOWN};

    private AuditFamily() {
    }

    static EngineFuzzer.Family family() {
        return new EngineFuzzer.Family("audit", 2, AuditFamily::run);
    }

    static void run(EngineFuzzer f) {
        World w = f.world;
        int auth = f.rnd.nextBoolean() ? TpmRh.OWNER.value() : TpmRh.PLATFORM.value();
        Params set = new Params();
        if (f.rnd.nextInt(4) == 0) {
            set.alg(HASHES[f.rnd.nextInt(HASHES.length)]).u32(0).u32(0);
        } else {
            set.alg(Templates.NULL_ALG);
            for (int list = 0; list < 2; list++) {
                int n = f.rnd.nextInt(3);
                set.u32(n);
                for (int i = 0; i < n; i++) {
                    set.u32(AUDITABLE[f.rnd.nextInt(AUDITABLE.length)].value());
                }
            }
        }
        f.must(f.draft(TpmCc.SET_COMMAND_CODE_AUDIT_STATUS, new int[] {auth}, Ops.empty(), set));
        ClientSession s = Ops.startSession(f, Ops.SESSION_HMAC, Ops.Salt.NONE, 0, Ops.SessionCipher.NONE);
        int cont = TpmaSession.CONTINUE_SESSION | TpmaSession.AUDIT;
        f.must(f.draft(TpmCc.GET_RANDOM, new int[0], List.of(Auth.extra(s, cont | (f.rnd.nextBoolean()
                ? TpmaSession.AUDIT_RESET : 0))), new Params().u16(1 + f.rnd.nextInt(32))));
        // still exclusive: nothing ran between
        f.must(f.draft(TpmCc.GET_CAPABILITY, new int[0], List.of(Auth.extra(s, cont | TpmaSession.AUDIT_EXCLUSIVE)),
                new Params().u32(0x4).u32(0).u32(8)));
        int signer = f.rnd.nextBoolean() ? w.signKey : TpmRh.NULL.value();
        List<Auth> auths = List.of(Auth.empty(), Auth.password(w.auth(signer)));
        f.must(f.draft(TpmCc.GET_SESSION_AUDIT_DIGEST, new int[] {TpmRh.ENDORSEMENT.value(), signer, s.handle()},
                auths, new Params().tpm2b(f.bytes(f.rnd.nextInt(16))).alg(Templates.NULL_ALG)));
        f.must(f.draft(TpmCc.GET_COMMAND_AUDIT_DIGEST, new int[] {TpmRh.ENDORSEMENT.value(), signer}, auths,
                new Params().tpm2b(f.bytes(f.rnd.nextInt(16))).alg(Templates.NULL_ALG)));
        Ops.flush(f, s.handle());
    }
}
