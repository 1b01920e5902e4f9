package io.jvtpm.engine.command;

import io.jvtpm.engine.wire.AuthCommand;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSe;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.wire.TpmaSession;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Authorization areas that test the session rules of TPM 2.0 Library Part 1, 19.6 and 21 (HMAC
 * of sessions that authorize no handle, decrypt and encrypt only where the command allows them,
 * one of each, the same session twice, trial and password sessions): run on one TPM, each
 * scenario's response code by name, with the code the spec and libtpms give it. The same run
 * goes to the engine in {@code SessionRulesTest} and, side by side with libtpms, in
 * {@code SessionDifferentialTest}.
 */
public final class SessionScenarios {
    private static final int PCR16 = 16;
    private static final int CONT = TpmaSession.CONTINUE_SESSION;
    private static final int DEC = TpmaSession.DECRYPT | CONT;
    private static final int ENC = TpmaSession.ENCRYPT | CONT;
    private static final AuthCommand PASSWORD = new AuthCommand(TpmRh.RS_PW.value(), new byte[0], CONT, new byte[0]);

    /** What each scenario should answer, in the order {@link #run} runs them. */
    public static final Map<String, Integer> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("decrypt-only session, wrong HMAC", TpmRc.BAD_AUTH.session(2));
        EXPECTED.put("decrypt-only session, right HMAC", 0);
        EXPECTED.put("decrypt-only session, empty key and empty HMAC", 0);
        EXPECTED.put("decrypt-only session, HMAC of the previous nonceTPM", TpmRc.BAD_AUTH.session(2));
        EXPECTED.put("extra session that neither decrypts nor encrypts", TpmRc.ATTRIBUTES.session(2));
        EXPECTED.put("decrypt on PCR_Extend (no TPM2B first parameter)", TpmRc.ATTRIBUTES.session(2));
        EXPECTED.put("encrypt on PCR_Read (no TPM2B first response parameter)", TpmRc.ATTRIBUTES.session(1));
        EXPECTED.put("encrypt on StirRandom (no response parameter)", TpmRc.ATTRIBUTES.session(1));
        EXPECTED.put("decrypt on GetRandom (no TPM2B first parameter)", TpmRc.ATTRIBUTES.session(1));
        EXPECTED.put("two decrypt sessions", TpmRc.ATTRIBUTES.session(3));
        EXPECTED.put("two encrypt sessions", TpmRc.ATTRIBUTES.session(2));
        EXPECTED.put("the same session twice", TpmRc.HANDLE.session(3));
        EXPECTED.put("an HMAC session named with a policy session handle", TpmRc.HANDLE.session(2));
        EXPECTED.put("decrypt session without a symmetric algorithm", TpmRc.SYMMETRIC.session(2));
        EXPECTED.put("trial session for decrypt", TpmRc.ATTRIBUTES.session(2));
EXPECTED.put("decrypt-only session bound to a DA-protected key, wrong HMAC", TpmRc.AUTH_FAIL.session(2));
        EXPECTED.put("policy session as a decrypt-only session", 0);
        EXPECTED.put("its policyDigest afterwards is reset (0) or not (1)", 0);
        EXPECTED.put("encrypt session with an empty nonceCaller", 0);
        EXPECTED.put("decrypt with no parameter bytes", TpmRc.INSUFFICIENT.session(1));
        EXPECTED.put("decrypt with a size beyond the parameters", TpmRc.SIZE.session(1));
        EXPECTED.put("password session that authorizes no handle", TpmRc.HANDLE.session(1));
        EXPECTED.put("authorizing HMAC without the decrypt session's nonceTPM", TpmRc.BAD_AUTH.session(1));
        EXPECTED.put("authorizing HMAC with the decrypt session's nonceTPM", 0);
        EXPECTED.put("decrypt and encrypt in one session on Hash", 0);
        EXPECTED.put("decrypt and encrypt in one session, wrong HMAC", TpmRc.BAD_AUTH.session(1));
        EXPECTED.put("too few sessions before a bad one", TpmRc.AUTH_MISSING.value());
        EXPECTED.put("four sessions", TpmRc.SIZE.session(4));
        EXPECTED.put("Create, inSensitive decrypted with the parent's authValue (unbound session)", 0);
        EXPECTED.put("Create, inSensitive decrypted with sessionKey || authValue (session bound to the parent)", 0);
        EXPECTED.put("Create, bound session's inSensitive encrypted without the authValue: refused (1)", 1);
    }

    private final UnaryOperator<byte[]> tpm;
    private final Map<String, Integer> answers = new LinkedHashMap<>();

    private SessionScenarios(UnaryOperator<byte[]> tpm) {
        this.tpm = tpm;
    }

    /** Runs every scenario on a started {@code tpm}; the response codes by scenario name. */
    public static Map<String, Integer> run(UnaryOperator<byte[]> tpm) {
        SessionScenarios s = new SessionScenarios(tpm);
        s.all();
        return s.answers;
    }

    private void all() {
        ScenarioSession s = ScenarioSession.start(tpm, TpmSe.HMAC, 128);
        ScenarioSession t = ScenarioSession.start(tpm, TpmSe.HMAC, 128);
        byte[] event = "event data".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] eventParams = tpm2b(event);
        byte[] pcrName = TpmWire.u32Bytes(PCR16);

        byte[] n = s.nextNonce();
        send("decrypt-only session, wrong HMAC", pcrEvent(eventParams, PASSWORD, s.auth(n, DEC, fill(32, 0x55))));
        n = s.nextNonce();
        byte[] cp = ScenarioSession.cpHash(TpmCc.PCR_EVENT, List.of(pcrName), eventParams);
        byte[] r = send("decrypt-only session, right HMAC",
                pcrEvent(eventParams, PASSWORD, s.auth(n, DEC, s.hmac(new byte[0], cp, n, DEC))));
        byte[] old = s.nonceTpm();
        update(r, 0, null, s);
        n = s.nextNonce();
        r = send("decrypt-only session, empty key and empty HMAC", pcrEvent(eventParams, PASSWORD,
                s.auth(n, DEC, new byte[0])));
        update(r, 0, null, s);
        n = s.nextNonce();
        byte[] staleMac = macWithNonce(old, cp, n, DEC);
        send("decrypt-only session, HMAC of the previous nonceTPM",
                pcrEvent(eventParams, PASSWORD, s.auth(n, DEC, staleMac)));

        send("extra session that neither decrypts nor encrypts",
                pcrEvent(eventParams, PASSWORD, s.auth(s.nextNonce(), CONT, new byte[0])));
        byte[] extend = new TpmWriter(64).u32(1).u16(0x000B).bytes(new byte[32]).toByteArray();
        send("decrypt on PCR_Extend (no TPM2B first parameter)", CommandBuilder.of(TpmCc.PCR_EXTEND).handle(PCR16)
                .auth(PASSWORD).auth(s.auth(s.nextNonce(), DEC, new byte[0])).bytes(extend).build());
        byte[] select = new TpmWriter(16).u32(1).u16(0x000B).u8(3).u8(1).u8(0).u8(0).toByteArray();
        send("encrypt on PCR_Read (no TPM2B first response parameter)", CommandBuilder.of(TpmCc.PCR_READ)
                .auth(s.auth(s.nextNonce(), ENC, new byte[0])).bytes(select).build());
        send("encrypt on StirRandom (no response parameter)", CommandBuilder.of(TpmCc.STIR_RANDOM)
                .auth(s.auth(s.nextNonce(), ENC, new byte[0])).tpm2b(new byte[8]).build());
        send("decrypt on GetRandom (no TPM2B first parameter)", CommandBuilder.of(TpmCc.GET_RANDOM)
                .auth(s.auth(s.nextNonce(), DEC, new byte[0])).u16(8).build());
        send("two decrypt sessions", pcrEvent(eventParams, PASSWORD, s.auth(s.nextNonce(), DEC, new byte[0]),
                t.auth(t.nextNonce(), DEC, new byte[0])));
        send("two encrypt sessions", CommandBuilder.of(TpmCc.GET_RANDOM).auth(s.auth(s.nextNonce(), ENC, new byte[0]))
                .auth(t.auth(t.nextNonce(), ENC, new byte[0])).u16(8).build());
        send("the same session twice", pcrEvent(eventParams, PASSWORD, s.auth(s.nextNonce(), DEC, new byte[0]),
                s.auth(s.nextNonce(), ENC, new byte[0])));
        send("an HMAC session named with a policy session handle", pcrEvent(eventParams, PASSWORD,
                new AuthCommand(s.handle() ^ 0x01000000, s.nextNonce(), DEC, new byte[0])));
        // three sessions are loaded at most
        ScenarioSession plain = ScenarioSession.start(tpm, TpmSe.HMAC, 0);
        send("decrypt session without a symmetric algorithm",
                pcrEvent(eventParams, PASSWORD, plain.auth(plain.nextNonce(), DEC, new byte[0])));
        flush(plain.handle());
        ScenarioSession trial = ScenarioSession.start(tpm, TpmSe.TRIAL, 128);
        send("trial session for decrypt",
                pcrEvent(eventParams, PASSWORD, trial.auth(trial.nextNonce(), DEC, new byte[0])));
        flush(trial.handle());
        byte[] primary = tpm.apply(CommandBuilder.of(TpmCc.CREATE_PRIMARY).handle(TpmRh.OWNER).auth(PASSWORD)
                .u16(4).u16(0).u16(0).tpm2b(eccStorageTemplate()).u16(0).u32(0).build());
        if (TpmWire.responseCode(primary) != 0) {
            throw new IllegalStateException("CreatePrimary: 0x" + Integer.toHexString(TpmWire.responseCode(primary)));
        }
        int key = TpmWire.u32(primary, TpmWire.HEADER_SIZE);
        ScenarioSession bound = ScenarioSession.start(tpm, TpmSe.HMAC, 128, key);
        send("decrypt-only session bound to a DA-protected key, wrong HMAC",
                pcrEvent(eventParams, PASSWORD, bound.auth(bound.nextNonce(), DEC, fill(32, 0x66))));
        flush(bound.handle());
        flush(key);
        ScenarioSession policy = ScenarioSession.start(tpm, TpmSe.POLICY, 128);
        tpm.apply(CommandBuilder.of(TpmCc.POLICY_AUTH_VALUE).handle(policy.handle()).build());
        send("policy session as a decrypt-only session",
                pcrEvent(eventParams, PASSWORD, policy.auth(policy.nextNonce(), DEC, new byte[0])));
        r = tpm.apply(CommandBuilder.of(TpmCc.POLICY_GET_DIGEST).handle(policy.handle()).build());
        byte[] digest = Arrays.copyOfRange(r, TpmWire.HEADER_SIZE + 2, r.length);
        record("its policyDigest afterwards is reset (0) or not (1)",
                TpmWire.responseCode(r) == 0 && Arrays.equals(digest, new byte[32]) ? 0 : 1);
        flush(policy.handle());
        r = send("encrypt session with an empty nonceCaller", CommandBuilder.of(TpmCc.GET_RANDOM)
                .auth(s.auth(new byte[0], ENC, new byte[0])).u16(8).build());
        update(r, 0, s);
        send("decrypt with no parameter bytes", CommandBuilder.of(TpmCc.STIR_RANDOM)
                .auth(s.auth(s.nextNonce(), DEC, new byte[0])).build());
        send("decrypt with a size beyond the parameters", CommandBuilder.of(TpmCc.STIR_RANDOM)
                .auth(s.auth(s.nextNonce(), DEC, new byte[0])).u16(10).u16(0).build());
        send("password session that authorizes no handle",
                CommandBuilder.of(TpmCc.GET_RANDOM).auth(PASSWORD).u16(8).build());

        // session 1 authorizes PCR 16 (empty authValue, empty sessionKey: the key is empty)
        n = s.nextNonce();
        byte[] tn = t.nextNonce();
        send("authorizing HMAC without the decrypt session's nonceTPM", pcrEvent(eventParams,
                s.auth(n, CONT, s.hmac(new byte[0], cp, n, CONT)), t.auth(tn, DEC, new byte[0])));
        r = send("authorizing HMAC with the decrypt session's nonceTPM", pcrEvent(eventParams,
                s.auth(n, CONT, s.hmac(new byte[0], cp, n, CONT, t.nonceTpm())), t.auth(tn, DEC, new byte[0])));
        update(r, 0, s, t);

        byte[] hashParams = new TpmWriter(64).tpm2b(event).u16(0x000B).u32(TpmRh.NULL.value()).toByteArray();
        byte[] hashCp = ScenarioSession.cpHash(TpmCc.HASH, List.of(), hashParams);
        n = s.nextNonce();
        int both = DEC | ENC;
        r = send("decrypt and encrypt in one session on Hash", CommandBuilder.of(TpmCc.HASH)
                .auth(s.auth(n, both, s.hmac(new byte[0], hashCp, n, both))).bytes(hashParams).build());
        update(r, 0, s);
        n = s.nextNonce();
        send("decrypt and encrypt in one session, wrong HMAC", CommandBuilder.of(TpmCc.HASH)
                .auth(s.auth(n, both, fill(32, 1))).bytes(hashParams).build());

        r = tpm.apply(TpmCommands.eventSequenceStart(new byte[0]));
        int sequence = TpmWire.u32(r, TpmWire.HEADER_SIZE);
        send("too few sessions before a bad one", CommandBuilder.of(TpmCc.EVENT_SEQUENCE_COMPLETE).handle(PCR16)
                .handle(sequence).auth(s.auth(s.nextNonce(), CONT, fill(32, 2))).tpm2b(new byte[0]).build());
        flush(sequence);
        send("four sessions", pcrEvent(eventParams, PASSWORD, PASSWORD, PASSWORD, PASSWORD));
        for (ScenarioSession c : List.of(s, t)) {
            flush(c.handle());
        }
        parameterDecryption();
    }

    /**
     * The key of parameter decryption for a session that authorizes an entity: sessionKey ||
     * authValue, also when the session is bound to that entity (Part 1, 21.1: "the binding of the
     * session is ignored"), shown with Create's inSensitive under a parent with an authValue.
     */
    private void parameterDecryption() {
        byte[] auth = {'a', 'b', 'c'};
        byte[] r = tpm.apply(CommandBuilder.of(TpmCc.CREATE_PRIMARY).handle(TpmRh.OWNER).auth(PASSWORD)
                .u16(7).tpm2b(auth).u16(0).tpm2b(eccTemplate(0x00030472)).u16(0).u32(0).build());
        if (TpmWire.responseCode(r) != 0) {
            throw new IllegalStateException("CreatePrimary: 0x" + Integer.toHexString(TpmWire.responseCode(r)));
        }
        int parent = TpmWire.u32(r, TpmWire.HEADER_SIZE);
        TpmReader in = new TpmReader(r, TpmWire.HEADER_SIZE + 8, r.length - TpmWire.HEADER_SIZE - 8);
        in.tpm2b(4096);
        in.tpm2b(4096);
        in.tpm2b(64);
        in.u16();
        in.u32();
        in.tpm2b(64);
        byte[] parentName = in.tpm2b(66);

        ScenarioSession unbound = ScenarioSession.start(tpm, TpmSe.HMAC, 128);
        send("Create, inSensitive decrypted with the parent's authValue (unbound session)",
                create(parent, parentName, unbound, auth, auth));
        flush(unbound.handle());
        ScenarioSession bound = ScenarioSession.start(tpm, TpmSe.HMAC, 128, parent, auth);
        byte[] sessionKey = bound.sessionKey();
        byte[] withAuth = Arrays.copyOf(sessionKey, sessionKey.length + auth.length);
        System.arraycopy(auth, 0, withAuth, sessionKey.length, auth.length);
        r = send("Create, inSensitive decrypted with sessionKey || authValue (session bound to the parent)",
                create(parent, parentName, bound, sessionKey, withAuth));
        update(r, 0, bound);
        r = tpm.apply(create(parent, parentName, bound, sessionKey, sessionKey));
        for (int i = 0; i < 5 && TpmWire.responseCode(r) == TpmRc.RETRY.value(); i++) {
            r = tpm.apply(create(parent, parentName, bound, sessionKey, sessionKey));
        }
        record("Create, bound session's inSensitive encrypted without the authValue: refused (1)",
                TpmWire.responseCode(r) == 0 ? 0 : 1);
        flush(bound.handle());
        flush(parent);
    }

    /**
     * Create of an ECC signing key under {@code parent}, authorized by {@code session} with HMAC
     * key {@code hmacKey}, its inSensitive encrypted with sessionValue {@code cipherKey}.
     */
    private static byte[] create(int parent, byte[] parentName, ScenarioSession session, byte[] hmacKey,
            byte[] cipherKey) {
        byte[] n = session.nextNonce();
        byte[] sensitive = {0, 0, 0, 0};
        session.encryptParameter(cipherKey, n, sensitive);
        byte[] params = new TpmWriter(128).tpm2b(sensitive).tpm2b(eccTemplate(0x00040472)).u16(0).u32(0)
                .toByteArray();
        byte[] cp = ScenarioSession.cpHash(TpmCc.CREATE, List.of(parentName), params);
        return CommandBuilder.of(TpmCc.CREATE).handle(parent)
                .auth(session.auth(n, DEC, session.hmac(hmacKey, cp, n, DEC))).bytes(params).build();
    }

    /** An ECC P-256 key template with TPMA_OBJECT {@code attributes}: a storage key, or a signing key. */
    private static byte[] eccTemplate(int attributes) {
        TpmWriter w = new TpmWriter(128);
        w.u16(0x0023).u16(0x000B).u32(attributes).u16(0);
        if ((attributes & 0x00040000) != 0) {
            w.u16(0x0010).u16(0x0018).u16(0x000B);
        } else {
            w.u16(0x0006).u16(128).u16(0x0043).u16(0x0010);
        }
        w.u16(0x0003).u16(0x0010).u16(0).u16(0);
        return w.toByteArray();
    }

    /** The HMAC a caller holding the nonceTPM {@code nonceTpm} would send (as if no command had run). */
    private static byte[] macWithNonce(byte[] nonceTpm, byte[] cp, byte[] nonceCaller, int attributes) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(new byte[1], "HmacSHA256"));
            mac.update(cp);
            mac.update(nonceCaller);
            mac.update(nonceTpm);
            mac.update((byte) attributes);
            return mac.doFinal();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An ECC P-256 restricted decryption key, dictionary-attack protected (noDA clear). */
    private static byte[] eccStorageTemplate() {
        TpmWriter w = new TpmWriter(128);
        w.u16(0x0023).u16(0x000B).u32(0x00030072).u16(0);
        w.u16(0x0006).u16(128).u16(0x0043).u16(0x0010).u16(0x0003).u16(0x0010);
        w.u16(0).u16(0);
        return w.toByteArray();
    }

    private static byte[] pcrEvent(byte[] params, AuthCommand... sessions) {
        CommandBuilder b = CommandBuilder.of(TpmCc.PCR_EVENT).handle(PCR16);
        for (AuthCommand a : sessions) {
            b.auth(a);
        }
        return b.bytes(params).build();
    }

    private void record(String name, int value) {
        if (!EXPECTED.containsKey(name) || answers.containsKey(name)) {
            throw new IllegalArgumentException(name);
        }
        answers.put(name, value);
    }

    private byte[] send(String name, byte[] command) {
        if (!EXPECTED.containsKey(name) || answers.containsKey(name)) {
            throw new IllegalArgumentException(name);
        }
        byte[] r = tpm.apply(command);
        // libtpms answers TPM_RC_RETRY while it completes a key's private part; resend as a TSS does
        for (int i = 0; i < 5 && TpmWire.responseCode(r) == TpmRc.RETRY.value(); i++) {
            r = tpm.apply(command);
        }
        answers.put(name, TpmWire.responseCode(r));
        return r;
    }

    /** After a successful command, each session's new nonceTPM (null for a password session). */
    private static void update(byte[] response, int responseHandles, ScenarioSession... sessions) {
        if (TpmWire.responseCode(response) != 0) {
            return;
        }
        for (int i = 0; i < sessions.length; i++) {
            if (sessions[i] != null) {
                sessions[i].update(response, responseHandles, i);
            }
        }
    }

    private void flush(int handle) {
        tpm.apply(CommandBuilder.of(TpmCc.FLUSH_CONTEXT).u32(handle).build());
    }

    private static byte[] tpm2b(byte[] b) {
        return new TpmWriter(b.length + 2).tpm2b(b).toByteArray();
    }

    private static byte[] fill(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }
}
