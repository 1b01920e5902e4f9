package io.jvtpm.engine.command;

import io.jvtpm.engine.testing.ClientSession;
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
        ClientSession s = ClientSession.start(tpm, TpmSe.HMAC, 128);
        ClientSession t = ClientSession.start(tpm, TpmSe.HMAC, 128);
        byte[] event = "event data".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] eventParams = tpm2b(event);
        byte[] pcrName = TpmWire.u32Bytes(PCR16);

        s.nextNonceCaller();
        send("decrypt-only session, wrong HMAC", pcrEvent(eventParams, PASSWORD, s.auth(DEC, fill(32, 0x55))));
        s.nextNonceCaller();
        byte[] cp = s.cpHash(TpmCc.PCR_EVENT, List.of(pcrName), eventParams);
        byte[] r = send("decrypt-only session, right HMAC",
                pcrEvent(eventParams, PASSWORD, s.auth(DEC, s.commandHmac(new byte[0], cp, null, null, DEC))));
        byte[] old = s.nonceTpm().clone();
        update(r, 0, null, s);
        s.nextNonceCaller();
        r = send("decrypt-only session, empty key and empty HMAC", pcrEvent(eventParams, PASSWORD,
                s.auth(DEC, new byte[0])));
        update(r, 0, null, s);
        s.nextNonceCaller();
        // the HMAC a caller still holding the previous nonceTPM would send
        byte[] current = s.nonceTpm().clone();
        s.nonceTpm(old);
        byte[] staleMac = s.commandHmac(new byte[0], cp, null, null, DEC);
        s.nonceTpm(current);
        send("decrypt-only session, HMAC of the previous nonceTPM",
                pcrEvent(eventParams, PASSWORD, s.auth(DEC, staleMac)));

        send("extra session that neither decrypts nor encrypts",
                pcrEvent(eventParams, PASSWORD, s.nextNonceCaller().auth(CONT, new byte[0])));
        byte[] extend = new TpmWriter(64).u32(1).u16(0x000B).bytes(new byte[32]).toByteArray();
        send("decrypt on PCR_Extend (no TPM2B first parameter)", CommandBuilder.of(TpmCc.PCR_EXTEND).handle(PCR16)
                .auth(PASSWORD).auth(s.nextNonceCaller().auth(DEC, new byte[0])).bytes(extend).build());
        byte[] select = new TpmWriter(16).u32(1).u16(0x000B).u8(3).u8(1).u8(0).u8(0).toByteArray();
        send("encrypt on PCR_Read (no TPM2B first response parameter)", CommandBuilder.of(TpmCc.PCR_READ)
                .auth(s.nextNonceCaller().auth(ENC, new byte[0])).bytes(select).build());
        send("encrypt on StirRandom (no response parameter)", CommandBuilder.of(TpmCc.STIR_RANDOM)
                .auth(s.nextNonceCaller().auth(ENC, new byte[0])).tpm2b(new byte[8]).build());
        send("decrypt on GetRandom (no TPM2B first parameter)", CommandBuilder.of(TpmCc.GET_RANDOM)
                .auth(s.nextNonceCaller().auth(DEC, new byte[0])).u16(8).build());
        send("two decrypt sessions", pcrEvent(eventParams, PASSWORD, s.nextNonceCaller().auth(DEC, new byte[0]),
                t.nextNonceCaller().auth(DEC, new byte[0])));
        send("two encrypt sessions", CommandBuilder.of(TpmCc.GET_RANDOM).auth(s.nextNonceCaller().auth(ENC, new byte[0]))
                .auth(t.nextNonceCaller().auth(ENC, new byte[0])).u16(8).build());
        send("the same session twice", pcrEvent(eventParams, PASSWORD, s.nextNonceCaller().auth(DEC, new byte[0]),
                s.nextNonceCaller().auth(ENC, new byte[0])));
        send("an HMAC session named with a policy session handle", pcrEvent(eventParams, PASSWORD,
                new AuthCommand(s.handle() ^ 0x01000000, s.nextNonceCaller().nonceCaller(), DEC, new byte[0])));
        // three sessions are loaded at most
        ClientSession plain = ClientSession.start(tpm, TpmSe.HMAC, 0);
        send("decrypt session without a symmetric algorithm",
                pcrEvent(eventParams, PASSWORD, plain.nextNonceCaller().auth(DEC, new byte[0])));
        flush(plain.handle());
        ClientSession trial = ClientSession.start(tpm, TpmSe.TRIAL, 128);
        send("trial session for decrypt",
                pcrEvent(eventParams, PASSWORD, trial.nextNonceCaller().auth(DEC, new byte[0])));
        flush(trial.handle());
        byte[] primary = tpm.apply(CommandBuilder.of(TpmCc.CREATE_PRIMARY).handle(TpmRh.OWNER).auth(PASSWORD)
                .u16(4).u16(0).u16(0).tpm2b(eccStorageTemplate()).u16(0).u32(0).build());
        if (TpmWire.responseCode(primary) != 0) {
            throw new IllegalStateException("CreatePrimary: 0x" + Integer.toHexString(TpmWire.responseCode(primary)));
        }
        int key = TpmWire.u32(primary, TpmWire.HEADER_SIZE);
        ClientSession bound = ClientSession.start(tpm, TpmSe.HMAC, 128, key, new byte[0]);
        send("decrypt-only session bound to a DA-protected key, wrong HMAC",
                pcrEvent(eventParams, PASSWORD, bound.nextNonceCaller().auth(DEC, fill(32, 0x66))));
        flush(bound.handle());
        flush(key);
        ClientSession policy = ClientSession.start(tpm, TpmSe.POLICY, 128);
        tpm.apply(CommandBuilder.of(TpmCc.POLICY_AUTH_VALUE).handle(policy.handle()).build());
        send("policy session as a decrypt-only session",
                pcrEvent(eventParams, PASSWORD, policy.nextNonceCaller().auth(DEC, new byte[0])));
        r = tpm.apply(CommandBuilder.of(TpmCc.POLICY_GET_DIGEST).handle(policy.handle()).build());
        byte[] digest = Arrays.copyOfRange(r, TpmWire.HEADER_SIZE + 2, r.length);
        record("its policyDigest afterwards is reset (0) or not (1)",
                TpmWire.responseCode(r) == 0 && Arrays.equals(digest, new byte[32]) ? 0 : 1);
        flush(policy.handle());
        r = send("encrypt session with an empty nonceCaller", CommandBuilder.of(TpmCc.GET_RANDOM)
                .auth(emptyNonce(s).auth(ENC, new byte[0])).u16(8).build());
        update(r, 0, s);
        send("decrypt with no parameter bytes", CommandBuilder.of(TpmCc.STIR_RANDOM)
                .auth(s.nextNonceCaller().auth(DEC, new byte[0])).build());
        send("decrypt with a size beyond the parameters", CommandBuilder.of(TpmCc.STIR_RANDOM)
                .auth(s.nextNonceCaller().auth(DEC, new byte[0])).u16(10).u16(0).build());
        send("password session that authorizes no handle",
                CommandBuilder.of(TpmCc.GET_RANDOM).auth(PASSWORD).u16(8).build());

        // session 1 authorizes PCR 16 (empty authValue, empty sessionKey: the key is empty)
        s.nextNonceCaller();
        t.nextNonceCaller();
        send("authorizing HMAC without the decrypt session's nonceTPM", pcrEvent(eventParams,
                s.auth(CONT, s.commandHmac(new byte[0], cp, null, null, CONT)), t.auth(DEC, new byte[0])));
        r = send("authorizing HMAC with the decrypt session's nonceTPM", pcrEvent(eventParams,
                s.auth(CONT, s.commandHmac(new byte[0], cp, t.nonceTpm(), null, CONT)), t.auth(DEC, new byte[0])));
        update(r, 0, s, t);

        byte[] hashParams = new TpmWriter(64).tpm2b(event).u16(0x000B).u32(TpmRh.NULL.value()).toByteArray();
        byte[] hashCp = s.cpHash(TpmCc.HASH, List.of(), hashParams);
        s.nextNonceCaller();
        int both = DEC | ENC;
        r = send("decrypt and encrypt in one session on Hash", CommandBuilder.of(TpmCc.HASH)
                .auth(s.auth(both, s.commandHmac(new byte[0], hashCp, null, null, both))).bytes(hashParams).build());
        update(r, 0, s);
        send("decrypt and encrypt in one session, wrong HMAC", CommandBuilder.of(TpmCc.HASH)
                .auth(s.nextNonceCaller().auth(both, fill(32, 1))).bytes(hashParams).build());

        r = tpm.apply(TpmCommands.eventSequenceStart(new byte[0]));
        int sequence = TpmWire.u32(r, TpmWire.HEADER_SIZE);
        send("too few sessions before a bad one", CommandBuilder.of(TpmCc.EVENT_SEQUENCE_COMPLETE).handle(PCR16)
                .handle(sequence).auth(s.nextNonceCaller().auth(CONT, fill(32, 2))).tpm2b(new byte[0]).build());
        flush(sequence);
        send("four sessions", pcrEvent(eventParams, PASSWORD, PASSWORD, PASSWORD, PASSWORD));
        for (ClientSession c : List.of(s, t)) {
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

        ClientSession unbound = ClientSession.start(tpm, TpmSe.HMAC, 128);
        send("Create, inSensitive decrypted with the parent's authValue (unbound session)",
                create(parent, parentName, unbound, unbound.key(parent, auth), unbound.cipherKey(auth)));
        flush(unbound.handle());
        ClientSession bound = ClientSession.start(tpm, TpmSe.HMAC, 128, parent, auth);
        // bound to the parent with its authValue: the HMAC key is the sessionKey alone
        byte[] sessionKey = bound.key(parent, auth);
        r = send("Create, inSensitive decrypted with sessionKey || authValue (session bound to the parent)",
                create(parent, parentName, bound, sessionKey, bound.cipherKey(auth)));
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
    private static byte[] create(int parent, byte[] parentName, ClientSession session, byte[] hmacKey,
            byte[] cipherKey) {
        session.nextNonceCaller();
        byte[] sensitive = {0, 0, 0, 0};
        session.encryptCommand(cipherKey, sensitive, 0, sensitive.length);
        byte[] params = new TpmWriter(128).tpm2b(sensitive).tpm2b(eccTemplate(0x00040472)).u16(0).u32(0)
                .toByteArray();
        byte[] cp = session.cpHash(TpmCc.CREATE, List.of(parentName), params);
        return CommandBuilder.of(TpmCc.CREATE).handle(parent)
                .auth(session.auth(DEC, session.commandHmac(hmacKey, cp, null, null, DEC))).bytes(params).build();
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
    private static void update(byte[] response, int responseHandles, ClientSession... sessions) {
        if (TpmWire.responseCode(response) != 0) {
            return;
        }
        for (int i = 0; i < sessions.length; i++) {
            if (sessions[i] != null) {
                sessions[i].update(response, responseHandles, i);
            }
        }
    }

    /** {@code session} with an empty nonceCaller for the next command. */
    private static ClientSession emptyNonce(ClientSession session) {
        session.nonceCaller(new byte[0]);
        return session;
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
