package io.jvtpm.engine.fuzz;

import io.jvtpm.engine.testing.ClientSession;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.wire.TpmaSession;
import java.util.Arrays;
import java.util.List;

/**
 * Valid sequences of sessions, policies and contexts (TPM 2.0 Library Part 3, 11 sessions,
 * 23 enhanced authorization, 28 context management; Part 1, 19 and 21): HMAC sessions unsalted,
 * salted and bound, with AES-CFB parameter encryption both ways and sessions that only encrypt;
 * policy sessions that authorize Unseal with PolicyCommandCode and PolicyAuthValue, trial
 * sessions through the policy commands; objects, sessions and sequences saved and loaded.
 */
final class SessionFamilies {
    private SessionFamilies() {
    }

    static List<EngineFuzzer.Family> all() {
        return List.of(
                new EngineFuzzer.Family("sessions", 8, SessionFamilies::sessions),
                new EngineFuzzer.Family("policy", 6, SessionFamilies::policy),
                new EngineFuzzer.Family("contexts", 4, SessionFamilies::contexts));
    }

    private static ClientSession anySession(EngineFuzzer f, int type, int bind) {
        int n = f.rnd.nextInt(12);
        Ops.Salt salt = n < 7 ? Ops.Salt.NONE : n < 11 ? Ops.Salt.RSA : Ops.Salt.ECC;
        int c = f.rnd.nextInt(12);
        Ops.SessionCipher cipher = c < 3 ? Ops.SessionCipher.NONE : c < 8 ? Ops.SessionCipher.AES_128
                : c < 11 ? Ops.SessionCipher.AES_256 : Ops.SessionCipher.XOR;
        return Ops.startSession(f, type, salt, bind, cipher);
    }

    /** HMAC sessions authorizing Unseal, Sign, GetRandom and StirRandom with parameter encryption. */
    static void sessions(EngineFuzzer f) {
        World w = f.world;
        byte[] auth = f.bytes(1 + f.rnd.nextInt(16));
        byte[] secret = f.bytes(1 + f.rnd.nextInt(48));
        int sealed = Ops.createLoaded(f, w.srk, auth, secret, s -> Templates.sealed(s, new byte[0]));
        int bind = switch (f.rnd.nextInt(3)) {
            case 0 -> sealed;
            case 1 -> w.signKey;
            default -> 0;
        };
        ClientSession s = anySession(f, Ops.SESSION_HMAC, bind);
        int attrs = TpmaSession.CONTINUE_SESSION;
        ClientSession enc = null;
        if (s.encrypts() && f.rnd.nextBoolean()) {
            attrs |= TpmaSession.ENCRYPT;
        } else if (f.rnd.nextBoolean()) {
            enc = Ops.startSession(f, Ops.SESSION_HMAC, Ops.Salt.NONE, 0, Ops.SessionCipher.AES_128);
        }
        List<Auth> auths = enc == null ? List.of(Auth.hmac(s, attrs, auth))
                : List.of(Auth.hmac(s, attrs, auth), Auth.extra(enc, TpmaSession.CONTINUE_SESSION | TpmaSession.ENCRYPT));
        Reply u = f.must(f.draft(TpmCc.UNSEAL, new int[] {sealed}, auths, new Params()));
        if (f.unchanged() && !Arrays.equals(secret, u.reader().tpm2b(128))) {
            throw f.failure("Unseal through an encrypting session does not give back the sealed data");
        }
        // a decrypt session on a command whose first parameter is a sized buffer
        byte[] digest = f.bytes(32);
        int dattrs = TpmaSession.CONTINUE_SESSION | (s.encrypts() ? TpmaSession.DECRYPT : 0);
        Reply sig = f.must(f.draft(TpmCc.SIGN, new int[] {w.signKey},
                List.of(Auth.hmac(s, dattrs, w.auth(w.signKey))), KeyFamilies.sign(digest)));
        f.must(f.draft(TpmCc.VERIFY_SIGNATURE, new int[] {w.signKey}, List.of(),
                new Params().tpm2b(digest).bytes(sig.params())));
        if (enc != null) {
            f.must(f.draft(TpmCc.GET_RANDOM, new int[0],
                    List.of(Auth.extra(enc, TpmaSession.CONTINUE_SESSION | TpmaSession.ENCRYPT)),
                    new Params().u16(1 + f.rnd.nextInt(48))));
            f.must(f.draft(TpmCc.STIR_RANDOM, new int[0],
                    List.of(Auth.extra(enc, TpmaSession.CONTINUE_SESSION | TpmaSession.DECRYPT)),
                    new Params().tpm2b(f.bytes(f.rnd.nextInt(40)))));
        }
        // the last use ends the session
        f.must(f.draft(TpmCc.UNSEAL, new int[] {sealed}, List.of(Auth.hmac(s, 0, auth)), new Params()));
        w.gone(s.handle());
        Ops.flush(f, sealed);
    }

    /** TPM_CC_PolicyAuthValue, TPM_CC_PolicyCommandCode (Part 2, 6.5.2). */
    private static final int CC_POLICY_AUTH_VALUE = 0x16B;
    private static final int CC_POLICY_COMMAND_CODE = 0x16C;

    /**
     * A sealed object whose authPolicy is PolicyCommandCode(Unseal) then PolicyAuthValue,
     * unsealed through a policy session; a trial session through PolicyPCR, PolicySecret,
     * PolicyPassword, PolicyGetDigest and PolicyRestart.
     */
    static void policy(EngineFuzzer f) {
        World w = f.world;
        byte[] zero = new byte[32];
        byte[] policy = KeyFamilies.sha256(KeyFamilies.sha256(zero, TpmWire.u32Bytes(CC_POLICY_COMMAND_CODE),
                TpmWire.u32Bytes(TpmCc.UNSEAL.value())), TpmWire.u32Bytes(CC_POLICY_AUTH_VALUE));
        byte[] auth = f.bytes(1 + f.rnd.nextInt(12));
        byte[] secret = f.bytes(8);
        int sealed = Ops.createLoaded(f, w.srk, auth, secret, s -> Templates.sealed(s, policy));
        int type = f.rnd.nextInt(5) == 0 ? Ops.SESSION_TRIAL : Ops.SESSION_POLICY;
        ClientSession s = anySession(f, type, f.rnd.nextInt(4) == 0 ? sealed : 0);
        int sh = s.handle();
        f.must(f.draft(TpmCc.POLICY_COMMAND_CODE, new int[] {sh}, List.of(),
                new Params().u32(TpmCc.UNSEAL.value())));
        f.must(f.draft(TpmCc.POLICY_AUTH_VALUE, new int[] {sh}, List.of(), new Params()));
        Reply d = f.must(f.draft(TpmCc.POLICY_GET_DIGEST, new int[] {sh}, List.of(), new Params()));
        if (f.unchanged() && !Arrays.equals(policy, d.reader().tpm2b(64))) {
            throw f.failure("PolicyGetDigest differs from the policy computed by hand");
        }
        if (type == Ops.SESSION_POLICY) {
            Reply u = f.must(f.draft(TpmCc.UNSEAL, new int[] {sealed}, List.of(Auth.policy(s, auth)), new Params()));
            if (f.unchanged() && !Arrays.equals(secret, u.reader().tpm2b(64))) {
                throw f.failure("Unseal through a policy session does not give back the sealed data");
            }
        }
        // the other policy commands on the (restarted) session
        Params pcr = new Params().tpm2b(new byte[0]);
        Ops.pcrSelection(pcr, 1 << f.rnd.nextInt(24));
        f.send(f.draft(TpmCc.POLICY_PCR, new int[] {sh}, List.of(), pcr));
        f.send(f.draft(TpmCc.POLICY_SECRET, new int[] {TpmRh.OWNER.value(), sh}, Ops.empty(),
                new Params().tpm2b(f.rnd.nextBoolean() ? s.nonceTpm() : new byte[0]).tpm2b(new byte[0])
                        .tpm2b(f.bytes(f.rnd.nextInt(8))).u32(f.rnd.nextInt(3) == 0 ? -f.rnd.nextInt(100) : 0)));
        f.send(f.draft(TpmCc.POLICY_SECRET, new int[] {w.signKey, sh}, List.of(Ops.authFor(f, w.signKey)),
                new Params().tpm2b(new byte[0]).tpm2b(new byte[0]).tpm2b(new byte[0]).u32(0)));
        f.send(f.draft(TpmCc.POLICY_PASSWORD, new int[] {sh}, List.of(), new Params()));
        f.send(f.draft(TpmCc.POLICY_GET_DIGEST, new int[] {sh}, List.of(), new Params()));
        f.send(f.draft(TpmCc.POLICY_RESTART, new int[] {sh}, List.of(), new Params()));
        Reply r = f.must(f.draft(TpmCc.POLICY_GET_DIGEST, new int[] {sh}, List.of(), new Params()));
        if (f.unchanged() && !Arrays.equals(zero, r.reader().tpm2b(64))) {
            throw f.failure("PolicyRestart did not clear the policy digest");
        }
        Ops.flush(f, sh);
        Ops.flush(f, sealed);
    }

    /** ContextSave and ContextLoad of an object, an HMAC session and a hash sequence. */
    static void contexts(EngineFuzzer f) {
        World w = f.world;
        byte[] keyAuth = f.bytes(5);
        int key = Ops.createLoaded(f, w.srk, keyAuth, new byte[0],
                p -> Templates.ecc(p, Templates.ECDSA, Templates.FIXED | Templates.SIGN, new byte[0]));
        Reply saved = f.must(f.draft(TpmCc.CONTEXT_SAVE, new int[] {key}, List.of(), new Params()));
        w.context(saved.params());
        Reply copy = f.must(f.draft(TpmCc.CONTEXT_LOAD, new int[0], List.of(), new Params().bytes(saved.params())));
        w.object(copy.handle(), w.name(key), keyAuth);
        f.must(f.draft(TpmCc.SIGN, new int[] {copy.handle()}, Ops.user(f, copy.handle()), KeyFamilies.sign(f.bytes(32))));
        Ops.flush(f, copy.handle());
        Ops.flush(f, key);

        ClientSession s = Ops.startSession(f, Ops.SESSION_HMAC, f.rnd.nextInt(4) == 0 ? Ops.Salt.RSA : Ops.Salt.NONE, 0,
                Ops.SessionCipher.AES_128);
        Reply ss = f.must(f.draft(TpmCc.CONTEXT_SAVE, new int[] {s.handle()}, List.of(), new Params()));
        w.context(ss.params());
        f.must(f.draft(TpmCc.CONTEXT_LOAD, new int[0], List.of(), new Params().bytes(ss.params())));
        f.must(f.draft(TpmCc.SIGN, new int[] {w.signKey},
                List.of(Auth.hmac(s, TpmaSession.CONTINUE_SESSION, w.auth(w.signKey))), KeyFamilies.sign(f.bytes(32))));
        // a second load of the same session context is a replay
        f.send(f.draft(TpmCc.CONTEXT_LOAD, new int[0], List.of(), new Params().bytes(ss.params())));

        byte[] seqAuth = f.bytes(4);
        Reply st = f.must(f.draft(TpmCc.HASH_SEQUENCE_START, new int[0], List.of(),
                new Params().tpm2b(seqAuth).alg(Templates.SHA256)));
        int seq = st.handle();
        w.object(seq, new byte[0], seqAuth);
        f.must(f.draft(TpmCc.SEQUENCE_UPDATE, new int[] {seq}, Ops.pw(seqAuth), new Params().tpm2b(f.bytes(70))));
        // the engine does not save hash sequences (TPM_RC_HANDLE); if it does one day, load it back
        Reply sq = f.send(f.draft(TpmCc.CONTEXT_SAVE, new int[] {seq}, List.of(), new Params()));
        if (sq.ok()) {
            w.context(sq.params());
            Ops.flush(f, seq);
            Reply back = f.must(f.draft(TpmCc.CONTEXT_LOAD, new int[0], List.of(), new Params().bytes(sq.params())));
            seq = back.handle();
            w.object(seq, new byte[0], seqAuth);
        }
        f.must(f.draft(TpmCc.SEQUENCE_COMPLETE, new int[] {seq}, Ops.pw(seqAuth),
                new Params().tpm2b(f.bytes(5)).handle(TpmRh.OWNER.value())));
        w.gone(seq);
        // an old context, perhaps from before a reset, perhaps with a flipped bit
        List<byte[]> old = w.contexts();
        byte[] ctx = old.get(f.rnd.nextInt(old.size())).clone();
        if (f.rnd.nextBoolean() && ctx.length > 20) {
            ctx[16 + f.rnd.nextInt(ctx.length - 16)] ^= (byte) (1 << f.rnd.nextInt(8));
        }
        f.send(f.draft(TpmCc.CONTEXT_LOAD, new int[0], List.of(), new Params().bytes(ctx)));
    }
}
