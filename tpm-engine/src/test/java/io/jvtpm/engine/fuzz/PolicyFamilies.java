package io.jvtpm.engine.fuzz;

import io.jvtpm.engine.testing.ClientSession;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmNt;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.wire.TpmaNv;
import java.util.List;

/**
 * The policy commands beyond the ones {@link SessionFamilies} uses (TPM 2.0 Library Part 3, 23):
 * the assertions on a restarted session, PolicyOR of the current digest, PolicySigned with the
 * standing signing key and PolicyTicket with its ticket, PolicyAuthorize with VerifySignature's
 * ticket, PolicyNV and PolicyAuthorizeNV on an index of their own; SetPrimaryPolicy and
 * PCR_SetAuthPolicy/PCR_SetAuthValue, each set and taken back.
 */
final class PolicyFamilies {
    private static final int OWNER = TpmRh.OWNER.value();
    private static final int PLATFORM = TpmRh.PLATFORM.value();
    private static final int NULL_ALG = 0x0010;
    private static final int INDEX = 0x0150F0F0;
    private static final byte[] PCR_AUTH = {'f', 'z'};
    private static final int AUTH_PCR = 20;

    private PolicyFamilies() {
    }

    static List<EngineFuzzer.Family> all() {
        return List.of(
                new EngineFuzzer.Family("policy assertions", 3, PolicyFamilies::assertions),
                new EngineFuzzer.Family("policy authorizations", 3, PolicyFamilies::authorizations),
                new EngineFuzzer.Family("policy NV", 2, PolicyFamilies::nv),
                new EngineFuzzer.Family("entity policies", 1, PolicyFamilies::entityPolicies));
    }

    private static ClientSession session(EngineFuzzer f) {
        int type = f.rnd.nextInt(4) == 0 ? Ops.SESSION_TRIAL : Ops.SESSION_POLICY;
        return Ops.startSession(f, type, Ops.Salt.NONE, 0, Ops.SessionCipher.NONE);
    }

    private static Reply on(EngineFuzzer f, TpmCc cc, int session, Params p) {
        return f.must(f.draft(cc, new int[] {session}, List.of(), p));
    }

    private static byte[] digest(EngineFuzzer f, int session) {
        return on(f, TpmCc.POLICY_GET_DIGEST, session, new Params()).reader().tpm2b(64);
    }

    /** The assertions, each class after a PolicyRestart, and PolicyOR of the digest they left. */
    static void assertions(EngineFuzzer f) {
        int sh = session(f).handle();
        on(f, TpmCc.POLICY_LOCALITY, sh, new Params().u8(0x1F));
        on(f, TpmCc.POLICY_PHYSICAL_PRESENCE, sh, new Params());
        on(f, TpmCc.POLICY_NV_WRITTEN, sh, new Params().u8(f.rnd.nextInt(2)));
        // resetCount (offset 16) >= 0
        on(f, TpmCc.POLICY_COUNTER_TIMER, sh, new Params().tpm2b(new byte[4]).u16(16).u16(7));
        on(f, TpmCc.POLICY_CP_HASH, sh, new Params().tpm2b(f.bytes(32)));
        byte[] now = digest(f, sh);
        on(f, TpmCc.POLICY_OR, sh, new Params().u32(2).tpm2b(f.bytes(32)).tpm2b(now));
        on(f, TpmCc.POLICY_RESTART, sh, new Params());
        on(f, TpmCc.POLICY_NAME_HASH, sh, new Params().tpm2b(f.bytes(32)));
        on(f, TpmCc.POLICY_RESTART, sh, new Params());
        on(f, TpmCc.POLICY_TEMPLATE, sh, new Params().tpm2b(f.bytes(32)));
        on(f, TpmCc.POLICY_RESTART, sh, new Params());
        on(f, TpmCc.POLICY_DUPLICATION_SELECT, sh, new Params().tpm2b(f.bytes(34)).tpm2b(f.bytes(34))
                .u8(f.rnd.nextInt(2)));
        Ops.flush(f, sh);
    }

    /** PolicySigned (with a ticket) and PolicyTicket; PolicyAuthorize with VerifySignature's ticket. */
    static void authorizations(EngineFuzzer f) {
        World w = f.world;
        TpmReader pub = f.must(f.draft(TpmCc.READ_PUBLIC, new int[] {w.signKey}, List.of(), new Params())).reader();
        pub.tpm2b(4096);
        byte[] keyName = pub.tpm2b(66);
        byte[] ref = f.bytes(f.rnd.nextInt(8));
        int expiration = -1 - f.rnd.nextInt(100);
        ClientSession s = Ops.startSession(f, Ops.SESSION_POLICY, Ops.Salt.NONE, 0, Ops.SessionCipher.NONE);
        // with the session's nonceTPM the expiration counts from the session's start
        byte[] aHash = KeyFamilies.sha256(s.nonceTpm(), TpmWire.u32Bytes(expiration), ref);
        Reply sig = f.must(f.draft(TpmCc.SIGN, new int[] {w.signKey}, Ops.user(f, w.signKey), KeyFamilies.sign(aHash)));
        Reply signed = f.must(f.draft(TpmCc.POLICY_SIGNED, new int[] {w.signKey, s.handle()}, List.of(),
                new Params().tpm2b(s.nonceTpm()).tpm2b(new byte[0]).tpm2b(ref).u32(expiration).bytes(sig.params())));
        TpmReader t = signed.reader();
        byte[] timeout = t.tpm2b(8);
        byte[] ticket = t.bytes(t.remaining());
        byte[] approved = digest(f, s.handle());
        on(f, TpmCc.POLICY_RESTART, s.handle(), new Params());
        on(f, TpmCc.POLICY_TICKET, s.handle(), new Params().tpm2b(timeout).tpm2b(new byte[0]).tpm2b(ref)
                .tpm2b(keyName).bytes(ticket));
        // the signer approves the policy it has now
        byte[] policyRef = f.bytes(f.rnd.nextInt(8));
        byte[] approval = KeyFamilies.sha256(approved, policyRef);
        Reply sig2 = f.must(f.draft(TpmCc.SIGN, new int[] {w.signKey}, Ops.user(f, w.signKey),
                KeyFamilies.sign(approval)));
        Reply verified = f.must(f.draft(TpmCc.VERIFY_SIGNATURE, new int[] {w.signKey}, List.of(),
                new Params().tpm2b(approval).bytes(sig2.params())));
        on(f, TpmCc.POLICY_AUTHORIZE, s.handle(), new Params().tpm2b(approved).tpm2b(policyRef).tpm2b(keyName)
                .bytes(verified.params()));
        Ops.flush(f, s.handle());
    }

    /** PolicyNV on an index's data and PolicyAuthorizeNV of the policy it holds. */
    static void nv(EngineFuzzer f) {
        f.send(f.draft(TpmCc.NV_UNDEFINE_SPACE, new int[] {OWNER, INDEX}, Ops.empty(), new Params()));
        int attrs = TpmaNv.withType(TpmaNv.OWNERWRITE | TpmaNv.OWNERREAD | TpmaNv.NO_DA, TpmNt.ORDINARY);
        f.must(f.draft(TpmCc.NV_DEFINE_SPACE, new int[] {OWNER}, Ops.empty(), new Params().tpm2b(new byte[0])
                .sized(s -> s.u32(INDEX).alg(Templates.SHA256).u32(attrs).tpm2b(new byte[0]).u16(34))));
        byte[] approved = f.bytes(32);
        byte[] data = new Params().alg(Templates.SHA256).bytes(approved).toByteArray();
        f.must(f.draft(TpmCc.NV_WRITE, new int[] {OWNER, INDEX}, Ops.empty(), new Params().tpm2b(data).u16(0)));
        ClientSession s = session(f);
        int at = f.rnd.nextInt(30);
        f.must(f.draft(TpmCc.POLICY_NV, new int[] {OWNER, INDEX, s.handle()}, Ops.empty(),
                new Params().tpm2b(java.util.Arrays.copyOfRange(data, at, at + 4)).u16(at).u16(0)));
        on(f, TpmCc.POLICY_RESTART, s.handle(), new Params());
        f.send(f.draft(TpmCc.POLICY_AUTHORIZE_NV, new int[] {OWNER, INDEX, s.handle()}, Ops.empty(), new Params()));
        Ops.flush(f, s.handle());
        f.must(f.draft(TpmCc.NV_UNDEFINE_SPACE, new int[] {OWNER, INDEX}, Ops.empty(), new Params()));
    }

    /** SetPrimaryPolicy, PCR_SetAuthPolicy and PCR_SetAuthValue, each set and then taken back. */
    static void entityPolicies(EngineFuzzer f) {
        // what an aborted run may have left
        f.send(f.draft(TpmCc.PCR_SET_AUTH_VALUE, new int[] {AUTH_PCR}, List.of(Auth.password(PCR_AUTH)),
                new Params().tpm2b(new byte[0])));
        int hierarchy = f.rnd.nextBoolean() ? OWNER : PLATFORM;
        f.must(f.draft(TpmCc.SET_PRIMARY_POLICY, new int[] {hierarchy}, Ops.empty(),
                new Params().tpm2b(f.bytes(32)).alg(Templates.SHA256)));
        f.must(f.draft(TpmCc.SET_PRIMARY_POLICY, new int[] {hierarchy}, Ops.empty(),
                new Params().tpm2b(new byte[0]).alg(NULL_ALG)));
        f.must(f.draft(TpmCc.PCR_SET_AUTH_POLICY, new int[] {PLATFORM}, Ops.empty(),
                new Params().tpm2b(f.bytes(32)).alg(Templates.SHA256).u32(AUTH_PCR + f.rnd.nextInt(3))));
        f.must(f.draft(TpmCc.PCR_SET_AUTH_POLICY, new int[] {PLATFORM}, Ops.empty(),
                new Params().tpm2b(new byte[0]).alg(NULL_ALG).u32(AUTH_PCR)));
        f.must(f.draft(TpmCc.PCR_SET_AUTH_VALUE, new int[] {AUTH_PCR}, Ops.empty(), new Params().tpm2b(PCR_AUTH)));
        f.must(f.draft(TpmCc.PCR_SET_AUTH_VALUE, new int[] {AUTH_PCR}, List.of(Auth.password(PCR_AUTH)),
                new Params().tpm2b(new byte[0])));
    }
}
