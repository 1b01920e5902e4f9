package io.jvtpm.engine.command;

import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.testing.ClientSession;
import io.jvtpm.engine.testing.RsaPrimes;
import io.jvtpm.engine.crypto.Numbers;
import io.jvtpm.engine.wire.AuthCommand;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.NvPublic;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmNvCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmResponse;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSe;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.wire.TpmaNv;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Policy sequences (TPM 2.0 Library Part 3, 23; Part 1, 19.7) run on one TPM: every policy
 * command in trial and real sessions with its policyDigest (PolicyGetDigest), the checks of each
 * command (sizes, ranges, conditions, tickets), and the checks when a policy session authorizes
 * an NV index, a hierarchy (SetPrimaryPolicy) or a PCR (PCR_SetAuthPolicy/SetAuthValue):
 * policies satisfied out of order, wrong cpHash and nameHash, PCRs changed, wrong locality,
 * expired sessions and tickets, PolicyOR without the digest, PolicyAuthorize with a bad ticket.
 * What each step answered, by name: the response code, and for PolicyGetDigest the digest. The
 * engine alone runs it in {@code PolicyRulesTest}; side by side with libtpms in
 * {@code PolicyDifferentialTest}.
 */
public final class PolicyScenarios {
    /** The answers the spec (and libtpms) give the hostile steps and some good ones. */
    public static final Map<String, Integer> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("satisfied PolicyCommandCode", 0);
        EXPECTED.put("satisfied in order", 0);
        EXPECTED.put("satisfied out of order", TpmRc.POLICY_FAIL.session(1));
        EXPECTED.put("PolicyCommandCode of another command", TpmRc.POLICY_FAIL.session(1));
        EXPECTED.put("PolicyCpHash of another command", TpmRc.POLICY_FAIL.session(1));
        EXPECTED.put("PolicyNameHash of other Names", TpmRc.POLICY_FAIL.session(1));
        EXPECTED.put("PolicyPCR, PCRs unchanged", 0);
        EXPECTED.put("PolicyPCR, a PCR extended before use", TpmRc.PCR_CHANGED.value());
        EXPECTED.put("PolicyPCR after the extend", TpmRc.PCR_CHANGED.value());
        EXPECTED.put("PolicyLocality 3, used at locality 0", TpmRc.LOCALITY.value());
        EXPECTED.put("PolicyLocality 0, used at locality 0", 0);
        EXPECTED.put("PolicyPhysicalPresence without presence", TpmRc.PP.session(1));
        EXPECTED.put("PolicyNvWritten no on a written index", TpmRc.POLICY_FAIL.session(1));
        EXPECTED.put("PolicyPassword, right password", 0);
        EXPECTED.put("PolicyPassword, wrong password", TpmRc.BAD_AUTH.session(1));
        EXPECTED.put("PolicySecret authorized by a policy session without PolicyAuthValue", TpmRc.MODE.session(1));
        EXPECTED.put("a session past its PolicySecret expiration", TpmRc.EXPIRED.session(1));
        EXPECTED.put("PolicyTicket past its expiration", TpmRc.EXPIRED.param(1));
        EXPECTED.put("PolicyOR without the current digest (POLICY)", TpmRc.VALUE.param(1));
        EXPECTED.put("PolicyOR with the current digest (POLICY)", 0);
        EXPECTED.put("PolicyAuthorize with the ticket (POLICY)", 0);
        EXPECTED.put("PolicyAuthorize with a bad ticket (POLICY)", TpmRc.VALUE.param(4));
        EXPECTED.put("PolicySigned (POLICY)", 0);
        EXPECTED.put("PolicySigned with a bad signature (POLICY)", TpmRc.SIGNATURE.param(5));
        EXPECTED.put("PolicySecret PolicyTicket (POLICY)", 0);
        EXPECTED.put("PolicySigned PolicyTicket (POLICY)", 0);
        EXPECTED.put("PolicySecret PolicyTicket with a bad HMAC", TpmRc.TICKET.param(5));
        EXPECTED.put("PolicyAuthorizeNV (POLICY)", 0);
        EXPECTED.put("PolicyNV equal (POLICY)", 0);
        EXPECTED.put("PolicyNV not equal (POLICY)", TpmRc.POLICY.value());
        EXPECTED.put("owner policy session before SetPrimaryPolicy", TpmRc.AUTH_UNAVAILABLE.value());
        EXPECTED.put("owner policy satisfied", 0);
        EXPECTED.put("owner policy not satisfied", TpmRc.POLICY_FAIL.session(1));
        EXPECTED.put("lockout policy satisfied", 0);
        EXPECTED.put("PCR_Extend 20 with the old authValue", TpmRc.BAD_AUTH.session(1));
        EXPECTED.put("PCR_Extend 7 by policy", TpmRc.AUTH_UNAVAILABLE.value());
        EXPECTED.put("POLICY_PASSWORD on an index with an authValue, right value", 0);
        EXPECTED.put("POLICY_PASSWORD on an index with an authValue, wrong value", TpmRc.BAD_AUTH.session(1));
        EXPECTED.put("POLICY_AUTH_VALUE on an index with an authValue, right value", 0);
        EXPECTED.put("POLICY_AUTH_VALUE on an index with an authValue, wrong value", TpmRc.BAD_AUTH.session(1));
        EXPECTED.put("PolicyCpHash of NV_DefineSpace, met", 0);
        EXPECTED.put("PolicyCpHash of NV_DefineSpace, other parameters", TpmRc.POLICY_FAIL.session(1));
        EXPECTED.put("PolicyNameHash of the owner, met", 0);
        EXPECTED.put("PolicyTemplate of CreatePrimary, met", 0);
        EXPECTED.put("Duplicate by PolicyDuplicationSelect, met", 0);
        EXPECTED.put("Duplicate by PolicyDuplicationSelect, another object's Name", TpmRc.POLICY_FAIL.session(1));
        EXPECTED.put("Duplicate by PolicyDuplicationSelect, another new parent", TpmRc.POLICY_FAIL.session(1));
        EXPECTED.put("PolicyTemplate of CreatePrimary, another template", TpmRc.POLICY_FAIL.session(1));
    }

    private static final AuthCommand PW = AuthCommand.emptyPassword();
    private static final int NV = 0x01500010;
    private static final int NV_DATA = 0x01500011;
    private static final int NV_POLICY = 0x01500012;
    /** TPM_EO_EQ, TPM_EO_UNSIGNED_GE. */
    private static final int EQ = 0;
    private static final int UNSIGNED_GE = 7;
    private static final int PCR = 7;

    private final UnaryOperator<byte[]> tpm;
    private final Map<String, String> answers = new LinkedHashMap<>();
    private final HexFormat hex = HexFormat.of();

    private PolicyScenarios(UnaryOperator<byte[]> tpm) {
        // as a TSS does: TPM_RC_RETRY (libtpms while it completes a key's private part) is sent again
        this.tpm = c -> TpmTestSupport.untilNotRetry(tpm, c);
    }

    /** Runs every sequence on a started {@code tpm}: each step's answer by name. */
    public static Map<String, String> run(UnaryOperator<byte[]> tpm) {
        PolicyScenarios s = new PolicyScenarios(tpm);
        s.assertionsInBothKinds();
        s.assertionChecks();
        s.orAndAuthorize();
        s.signedSecretTicket();
        s.nvPolicies();
        s.authorizationChecks();
        s.hierarchyPolicies();
        s.pcrPolicies();
        s.duplication();
        s.expiry();
        return s.answers;
    }

    // ---- plumbing

    private byte[] send(String name, byte[] command) {
        byte[] r = tpm.apply(command);
        answers.put(name, String.format("0x%03x", TpmWire.responseCode(r)));
        return r;
    }

    private int start(TpmSe type) {
        return ClientSession.start(tpm, type, 0).handle();
    }

    private static CommandBuilder policy(TpmCc cc, int session) {
        return CommandBuilder.of(cc).handle(session);
    }

    private byte[] digest(String name, int session) {
        byte[] r = tpm.apply(policy(TpmCc.POLICY_GET_DIGEST, session).build());
        byte[] d = TpmWire.responseCode(r) == 0 ? new TpmReader(r, 10, r.length - 10).tpm2b(64) : new byte[0];
        answers.put(name + ": policyDigest", hex.formatHex(d));
        return d;
    }

    private void flush(int h) {
        tpm.apply(TpmCommands.flushContext(h));
    }

    /** One assertion in a new session of {@code type}: its answer and the digest after it. */
    private byte[] one(String name, TpmSe type, TpmCc cc, Consumer<CommandBuilder> params) {
        int s = start(type);
        CommandBuilder b = policy(cc, s);
        params.accept(b);
        send(name + " (" + type + ")", b.build());
        byte[] d = digest(name + " (" + type + ")", s);
        flush(s);
        return d;
    }

    /** A policy session in the authorization area: empty HMAC (the session key is empty), used once. */
    private static AuthCommand use(int session, byte[] hmac) {
        return new AuthCommand(session, new byte[16], 0, hmac);
    }

    private static byte[] fill(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    private static byte[] sha256(byte[]... parts) {
        java.security.MessageDigest md = HashAlgorithm.SHA256.newDigest();
        for (byte[] p : parts) {
            md.update(p);
        }
        return md.digest();
    }

    private static byte[] pcrSelection(int pcr) {
        int bits = 1 << pcr;
        return new TpmWriter(16).u32(1).u16(TpmAlgId.SHA256.value()).u8(3).u8(bits).u8(bits >>> 8).u8(bits >>> 16)
                .toByteArray();
    }

    // ---- digests of every assertion, trial and real

    private void assertionsInBothKinds() {
        for (TpmSe type : new TpmSe[] {TpmSe.TRIAL, TpmSe.POLICY}) {
            one("PolicyAuthValue", type, TpmCc.POLICY_AUTH_VALUE, b -> { });
            one("PolicyPassword", type, TpmCc.POLICY_PASSWORD, b -> { });
            one("PolicyCommandCode NV_Read", type, TpmCc.POLICY_COMMAND_CODE, b -> b.u32(TpmCc.NV_READ.value()));
            one("PolicyPhysicalPresence", type, TpmCc.POLICY_PHYSICAL_PRESENCE, b -> { });
            one("PolicyLocality 3", type, TpmCc.POLICY_LOCALITY, b -> b.u8(0x03));
            one("PolicyLocality 0x40", type, TpmCc.POLICY_LOCALITY, b -> b.u8(0x40));
            one("PolicyCpHash", type, TpmCc.POLICY_CP_HASH, b -> b.tpm2b(fill(32, 0x11)));
            one("PolicyNameHash", type, TpmCc.POLICY_NAME_HASH, b -> b.tpm2b(fill(32, 0x22)));
            one("PolicyTemplate", type, TpmCc.POLICY_TEMPLATE, b -> b.tpm2b(fill(32, 0x33)));
            for (int include = 0; include < 2; include++) {
                int inc = include;
                one("PolicyDuplicationSelect include " + inc, type, TpmCc.POLICY_DUPLICATION_SELECT,
                        b -> b.tpm2b(fill(34, 0x44)).tpm2b(fill(34, 0x55)).u8(inc));
            }
            one("PolicyNvWritten yes", type, TpmCc.POLICY_NV_WRITTEN, b -> b.u8(1));
            one("PolicyCounterTimer resetCount >= 0", type, TpmCc.POLICY_COUNTER_TIMER,
                    b -> b.tpm2b(new byte[4]).u16(16).u16(UNSIGNED_GE));
            one("PolicyCounterTimer resetCount == 0xffffffff", type, TpmCc.POLICY_COUNTER_TIMER,
                    b -> b.tpm2b(fill(4, 0xFF)).u16(16).u16(EQ));
            one("PolicyPCR current", type, TpmCc.POLICY_PCR, b -> b.tpm2b(new byte[0]).bytes(pcrSelection(PCR)));
            one("PolicyPCR given digest", type, TpmCc.POLICY_PCR, b -> b.tpm2b(fill(32, 0x66)).bytes(pcrSelection(PCR)));
            oneWithHandle("PolicySecret owner", type, TpmCc.POLICY_SECRET, TpmRh.OWNER.value(),
                    b -> b.auth(PW).tpm2b(new byte[0]).tpm2b(new byte[0]).tpm2b("ref".getBytes()).u32(0));
            oneWithHandle("PolicySecret NULL", type, TpmCc.POLICY_SECRET, TpmRh.NULL.value(),
                    b -> b.auth(PW).tpm2b(new byte[0]).tpm2b(new byte[0]).tpm2b(new byte[0]).u32(0));
            int s = start(type);
            send("PolicyRestart (" + type + ")", policy(TpmCc.POLICY_RESTART, s).build());
            digest("PolicyRestart (" + type + ")", s);
            flush(s);
        }
    }

    // ---- each command's own checks

    private void assertionChecks() {
        one("PolicyCommandCode unimplemented", TpmSe.POLICY, TpmCc.POLICY_COMMAND_CODE, b -> b.u32(0x0000FFFF));
        one("PolicyLocality none", TpmSe.POLICY, TpmCc.POLICY_LOCALITY, b -> b.u8(0));
        one("PolicyCpHash of the wrong size", TpmSe.POLICY, TpmCc.POLICY_CP_HASH, b -> b.tpm2b(fill(20, 1)));
        one("PolicyNameHash of the wrong size", TpmSe.POLICY, TpmCc.POLICY_NAME_HASH, b -> b.tpm2b(fill(20, 1)));
        one("PolicyTemplate of the wrong size", TpmSe.POLICY, TpmCc.POLICY_TEMPLATE, b -> b.tpm2b(fill(20, 1)));
        one("PolicyNvWritten 2", TpmSe.POLICY, TpmCc.POLICY_NV_WRITTEN, b -> b.u8(2));
        one("PolicyCounterTimer offset beyond", TpmSe.POLICY, TpmCc.POLICY_COUNTER_TIMER,
                b -> b.tpm2b(new byte[1]).u16(26).u16(EQ));
        one("PolicyCounterTimer operand beyond", TpmSe.POLICY, TpmCc.POLICY_COUNTER_TIMER,
                b -> b.tpm2b(new byte[2]).u16(24).u16(EQ));
        one("PolicyCounterTimer operation 12", TpmSe.POLICY, TpmCc.POLICY_COUNTER_TIMER,
                b -> b.tpm2b(new byte[1]).u16(0).u16(12));
        one("PolicyPCR wrong digest", TpmSe.POLICY, TpmCc.POLICY_PCR, b -> b.tpm2b(fill(32, 0x66)).bytes(pcrSelection(PCR)));
        one("PolicyOR of one", TpmSe.POLICY, TpmCc.POLICY_OR, b -> b.u32(1).tpm2b(new byte[32]));
        one("PolicyOR of nine", TpmSe.POLICY, TpmCc.POLICY_OR, b -> {
            b.u32(9);
            for (int i = 0; i < 9; i++) {
                b.tpm2b(new byte[32]);
            }
        });
        // pairs that must agree or clash, in one session each
        pair("PolicyLocality 3 then 1", TpmCc.POLICY_LOCALITY, b -> b.u8(3), TpmCc.POLICY_LOCALITY, b -> b.u8(1));
        pair("PolicyLocality 1 then 2", TpmCc.POLICY_LOCALITY, b -> b.u8(1), TpmCc.POLICY_LOCALITY, b -> b.u8(2));
        pair("PolicyLocality 0x40 then 1", TpmCc.POLICY_LOCALITY, b -> b.u8(0x40), TpmCc.POLICY_LOCALITY, b -> b.u8(1));
        pair("PolicyCpHash twice, different", TpmCc.POLICY_CP_HASH, b -> b.tpm2b(fill(32, 1)),
                TpmCc.POLICY_CP_HASH, b -> b.tpm2b(fill(32, 2)));
        pair("PolicyCpHash twice, same", TpmCc.POLICY_CP_HASH, b -> b.tpm2b(fill(32, 1)),
                TpmCc.POLICY_CP_HASH, b -> b.tpm2b(fill(32, 1)));
        pair("PolicyNameHash after PolicyCpHash", TpmCc.POLICY_CP_HASH, b -> b.tpm2b(fill(32, 1)),
                TpmCc.POLICY_NAME_HASH, b -> b.tpm2b(fill(32, 1)));
        pair("PolicyTemplate after PolicyNameHash", TpmCc.POLICY_NAME_HASH, b -> b.tpm2b(fill(32, 1)),
                TpmCc.POLICY_TEMPLATE, b -> b.tpm2b(fill(32, 1)));
        pair("PolicyTemplate twice, different", TpmCc.POLICY_TEMPLATE, b -> b.tpm2b(fill(32, 1)),
                TpmCc.POLICY_TEMPLATE, b -> b.tpm2b(fill(32, 2)));
        pair("PolicyCpHash after PolicyTemplate", TpmCc.POLICY_TEMPLATE, b -> b.tpm2b(fill(32, 1)),
                TpmCc.POLICY_CP_HASH, b -> b.tpm2b(fill(32, 1)));
        pair("PolicyDuplicationSelect after PolicyCommandCode", TpmCc.POLICY_COMMAND_CODE,
                b -> b.u32(TpmCc.DUPLICATE.value()), TpmCc.POLICY_DUPLICATION_SELECT,
                b -> b.tpm2b(fill(34, 1)).tpm2b(fill(34, 2)).u8(1));
        pair("PolicyCommandCode after PolicyDuplicationSelect, other code", TpmCc.POLICY_DUPLICATION_SELECT,
                b -> b.tpm2b(fill(34, 1)).tpm2b(fill(34, 2)).u8(1), TpmCc.POLICY_COMMAND_CODE,
                b -> b.u32(TpmCc.NV_READ.value()));
        pair("PolicyNvWritten yes then no", TpmCc.POLICY_NV_WRITTEN, b -> b.u8(1), TpmCc.POLICY_NV_WRITTEN, b -> b.u8(0));
        pair("PolicyCommandCode twice, different", TpmCc.POLICY_COMMAND_CODE, b -> b.u32(TpmCc.NV_READ.value()),
                TpmCc.POLICY_COMMAND_CODE, b -> b.u32(TpmCc.NV_WRITE.value()));
        ClientSession hmac = ClientSession.start(tpm, TpmSe.HMAC, 0);
        send("PolicyGetDigest of an HMAC session", policy(TpmCc.POLICY_GET_DIGEST, hmac.handle()).build());
        send("PolicyAuthValue on an HMAC session", policy(TpmCc.POLICY_AUTH_VALUE, hmac.handle()).build());
        flush(hmac.handle());
    }

    private void pair(String name, TpmCc first, Consumer<CommandBuilder> a, TpmCc second, Consumer<CommandBuilder> b) {
        int s = start(TpmSe.POLICY);
        CommandBuilder one = policy(first, s);
        a.accept(one);
        send(name + ": first", one.build());
        CommandBuilder two = policy(second, s);
        b.accept(two);
        send(name + ": second", two.build());
        digest(name, s);
        flush(s);
    }

    // ---- PolicyOR, PolicyAuthorize

    private void orAndAuthorize() {
        byte[] zero = new byte[32];
        for (TpmSe type : new TpmSe[] {TpmSe.TRIAL, TpmSe.POLICY}) {
            one("PolicyOR with the current digest", type, TpmCc.POLICY_OR,
                    b -> b.u32(2).tpm2b(fill(32, 0x77)).tpm2b(zero));
            one("PolicyOR without the current digest", type, TpmCc.POLICY_OR,
                    b -> b.u32(3).tpm2b(fill(32, 0x77)).tpm2b(fill(32, 0x78)).tpm2b(fill(20, 0x79)));
        }
        int[] keys = rsaKeys();
        int signer = keys[0];
        int verifier = keys[1];
        byte[] keyName = name(verifier);
        byte[] approved = fill(32, 0);
        byte[] policyRef = "approved".getBytes(StandardCharsets.US_ASCII);
        byte[] aHash = sha256(approved, policyRef);
        byte[] signature = sign(signer, aHash);
        byte[] vr = send("VerifySignature of the approved policy", CommandBuilder.of(TpmCc.VERIFY_SIGNATURE)
                .handle(verifier).tpm2b(aHash).bytes(signature).build());
        byte[] ticket = TpmWire.responseCode(vr) == 0 ? Arrays.copyOfRange(vr, 10, vr.length) : new byte[0];
        answers.put("VerifySignature ticket: hierarchy", ticket.length > 6 ? hex.formatHex(ticket, 2, 6) : "");
        byte[] badTicket = ticket.clone();
        if (badTicket.length > 8) {
            badTicket[badTicket.length - 1] ^= 1;
        }
        for (TpmSe type : new TpmSe[] {TpmSe.TRIAL, TpmSe.POLICY}) {
            one("PolicyAuthorize with the ticket", type, TpmCc.POLICY_AUTHORIZE,
                    b -> b.tpm2b(approved).tpm2b(policyRef).tpm2b(keyName).bytes(ticket));
            one("PolicyAuthorize with a bad ticket", type, TpmCc.POLICY_AUTHORIZE,
                    b -> b.tpm2b(approved).tpm2b(policyRef).tpm2b(keyName).bytes(badTicket));
            one("PolicyAuthorize of another policy", type, TpmCc.POLICY_AUTHORIZE,
                    b -> b.tpm2b(fill(32, 9)).tpm2b(policyRef).tpm2b(keyName).bytes(ticket));
            one("PolicyAuthorize with a keySign of no hash", type, TpmCc.POLICY_AUTHORIZE,
                    b -> b.tpm2b(approved).tpm2b(policyRef).tpm2b(fill(34, 0x12)).bytes(ticket));
            one("PolicyAuthorize with a short keySign", type, TpmCc.POLICY_AUTHORIZE,
                    b -> b.tpm2b(approved).tpm2b(policyRef).tpm2b(Arrays.copyOf(keyName, 20)).bytes(ticket));
            one("PolicyAuthorize with a hashcheck tag", type, TpmCc.POLICY_AUTHORIZE,
                    b -> b.tpm2b(approved).tpm2b(policyRef).tpm2b(keyName).u16(0x8024).u32(TpmRh.OWNER.value()).u16(0));
        }
        flush(signer);
        flush(verifier);
    }

    /** An RSA-1024 RSASSA-SHA256 signing key: with its private part in NULL, public only in OWNER. */
    private int[] rsaKeys() {
        BigInteger[] pq = RsaPrimes.of1024(1);
        byte[] n = Numbers.toBytes(pq[0].multiply(pq[1]), 128);
        byte[] pub = new TpmWriter(256).u16(TpmAlgId.RSA.value()).u16(TpmAlgId.SHA256.value()).u32(0x00040040)
                .u16(0).u16(TpmAlgId.NULL.value()).u16(TpmAlgId.RSASSA.value()).u16(TpmAlgId.SHA256.value())
                .u16(1024).u32(0).tpm2b(n).toByteArray();
        byte[] sens = new TpmWriter(256).u16(TpmAlgId.RSA.value()).u16(0).u16(0).tpm2b(Numbers.toBytes(pq[0], 64))
                .toByteArray();
        byte[] full = send("LoadExternal signer", CommandBuilder.of(TpmCc.LOAD_EXTERNAL).tpm2b(sens).tpm2b(pub)
                .u32(TpmRh.NULL.value()).build());
        byte[] publicOnly = send("LoadExternal verifier", CommandBuilder.of(TpmCc.LOAD_EXTERNAL).u16(0).tpm2b(pub)
                .u32(TpmRh.OWNER.value()).build());
        return new int[] {TpmWire.u32(full, 10), TpmWire.u32(publicOnly, 10)};
    }

    private byte[] name(int object) {
        byte[] r = send("ReadPublic " + Integer.toHexString(object), CommandBuilder.of(TpmCc.READ_PUBLIC).handle(object)
                .build());
        TpmReader in = new TpmReader(r, 10, r.length - 10);
        in.tpm2b(1024);
        return in.tpm2b(66);
    }

    /** The TPMT_SIGNATURE the key makes over {@code digest}. */
    private byte[] sign(int key, byte[] digest) {
        byte[] r = send("Sign " + hex.formatHex(digest, 0, 4), CommandBuilder.of(TpmCc.SIGN).handle(key).emptyPassword().tpm2b(digest)
                .u16(TpmAlgId.NULL.value()).u16(0x8024).u32(TpmRh.NULL.value()).u16(0).build());
        TpmReader in = new TpmReader(r, 10, r.length - 10);
        int size = in.u32();
        return Arrays.copyOfRange(r, 14, 14 + size);
    }

    // ---- PolicySigned, PolicySecret, PolicyTicket

    private void signedSecretTicket() {
        int[] keys = rsaKeys();
        int signer = keys[0];
        byte[] ref = "signed".getBytes(StandardCharsets.US_ASCII);
        byte[] noCp = new byte[0];
        byte[] aHash = sha256(new byte[0], new byte[4], noCp, ref);
        byte[] sig = sign(signer, aHash);
        byte[] badSig = sig.clone();
        badSig[badSig.length - 1] ^= 1;
        for (TpmSe type : new TpmSe[] {TpmSe.TRIAL, TpmSe.POLICY}) {
            oneWithHandle("PolicySigned", type, TpmCc.POLICY_SIGNED, signer,
                    b -> b.tpm2b(new byte[0]).tpm2b(noCp).tpm2b(ref).u32(0).bytes(sig));
            oneWithHandle("PolicySigned with a bad signature", type, TpmCc.POLICY_SIGNED, signer,
                    b -> b.tpm2b(new byte[0]).tpm2b(noCp).tpm2b(ref).u32(0).bytes(badSig));
            oneWithHandle("PolicySigned with a cpHashA of 20 octets", type, TpmCc.POLICY_SIGNED, signer,
                    b -> b.tpm2b(new byte[0]).tpm2b(fill(20, 1)).tpm2b(ref).u32(0).bytes(sig));
            oneWithHandle("PolicySecret with a wrong nonceTPM", type, TpmCc.POLICY_SECRET, TpmRh.OWNER.value(),
                    b -> b.auth(PW).tpm2b(fill(32, 1)).tpm2b(noCp).tpm2b(ref).u32(0));
            oneWithHandle("PolicySecret with a cpHashA of 20 octets", type, TpmCc.POLICY_SECRET, TpmRh.OWNER.value(),
                    b -> b.auth(PW).tpm2b(new byte[0]).tpm2b(fill(20, 1)).tpm2b(ref).u32(0));
            oneWithHandle("PolicySecret with a cpHashA", type, TpmCc.POLICY_SECRET, TpmRh.OWNER.value(),
                    b -> b.auth(PW).tpm2b(new byte[0]).tpm2b(fill(32, 1)).tpm2b(ref).u32(0));
        }
        // tickets: PolicySecret and PolicySigned with a negative expiration
        ticketRoundTrip("PolicySecret", TpmCc.POLICY_SECRET, TpmRh.OWNER.value(), ref, null);
        byte[] aHashExp = sha256(new byte[0], TpmWire.u32Bytes(-60), noCp, ref);
        ticketRoundTrip("PolicySigned", TpmCc.POLICY_SIGNED, signer, ref, sign(signer, aHashExp));
        flush(signer);
        flush(keys[1]);
    }

    private void oneWithHandle(String name, TpmSe type, TpmCc cc, int entity, Consumer<CommandBuilder> params) {
        int s = start(type);
        CommandBuilder b = CommandBuilder.of(cc).handle(entity).handle(s);
        params.accept(b);
        send(name + " (" + type + ")", b.build());
        digest(name + " (" + type + ")", s);
        flush(s);
    }

    /** A ticket from {@code cc} with expiration -60 s, then PolicyTicket with it, a bad one, and in a trial. */
    private void ticketRoundTrip(String name, TpmCc cc, int entity, byte[] ref, byte[] signature) {
        int s = start(TpmSe.POLICY);
        CommandBuilder b = CommandBuilder.of(cc).handle(entity).handle(s);
        if (signature == null) {
            b.auth(PW);
        }
        b.tpm2b(new byte[0]).tpm2b(new byte[0]).tpm2b(ref).u32(-60);
        if (signature != null) {
            b.bytes(signature);
        }
        byte[] r = send(name + " expiration -60", b.build());
        byte[] after = digest(name + " expiration -60", s);
        flush(s);
        if (TpmWire.responseCode(r) != 0) {
            return;
        }
        int params = signature == null ? 14 : 10;
        TpmReader in = new TpmReader(r, params, r.length - params);
        byte[] timeout = in.tpm2b(8);
        int tag = in.u16();
        int hierarchy = in.u32();
        byte[] hmac = in.tpm2b(64);
        answers.put(name + " ticket: timeout size, tag, hierarchy", timeout.length + " " + tag + " " + hierarchy);
        byte[] authName = cc == TpmCc.POLICY_SECRET ? TpmWire.u32Bytes(entity) : name(entity);
        byte[] bad = hmac.clone();
        bad[0] ^= 1;
        byte[] later = timeout.clone();
        later[7] ^= 1;
        for (TpmSe type : new TpmSe[] {TpmSe.POLICY, TpmSe.TRIAL}) {
            int t = start(type);
            send(name + " PolicyTicket (" + type + ")", policy(TpmCc.POLICY_TICKET, t).tpm2b(timeout)
                    .tpm2b(new byte[0]).tpm2b(ref).tpm2b(authName).u16(tag).u32(hierarchy).tpm2b(hmac).build());
            byte[] d = digest(name + " PolicyTicket (" + type + ")", t);
            answers.put(name + " PolicyTicket (" + type + ") digest as the original", String.valueOf(Arrays.equals(d, after)));
            flush(t);
        }
        int t = start(TpmSe.POLICY);
        send(name + " PolicyTicket with a bad HMAC", policy(TpmCc.POLICY_TICKET, t).tpm2b(timeout)
                .tpm2b(new byte[0]).tpm2b(ref).tpm2b(authName).u16(tag).u32(hierarchy).tpm2b(bad).build());
        send(name + " PolicyTicket with another timeout", policy(TpmCc.POLICY_TICKET, t).tpm2b(later)
                .tpm2b(new byte[0]).tpm2b(ref).tpm2b(authName).u16(tag).u32(hierarchy).tpm2b(hmac).build());
        send(name + " PolicyTicket with a timeout of 4 octets", policy(TpmCc.POLICY_TICKET, t)
                .tpm2b(new byte[4]).tpm2b(new byte[0]).tpm2b(ref).tpm2b(authName).u16(tag).u32(hierarchy).tpm2b(hmac)
                .build());
        send(name + " PolicyTicket with a verified tag", policy(TpmCc.POLICY_TICKET, t).tpm2b(timeout)
                .tpm2b(new byte[0]).tpm2b(ref).tpm2b(authName).u16(0x8022).u32(hierarchy).tpm2b(hmac).build());
        flush(t);
    }

    // ---- PolicyNV, PolicyAuthorizeNV

    private void nvPolicies() {
        int attrs = TpmaNv.OWNERWRITE | TpmaNv.OWNERREAD | TpmaNv.AUTHREAD | TpmaNv.AUTHWRITE | TpmaNv.NO_DA;
        send("define data index", TpmNvCommands.defineSpace(TpmRh.OWNER, PW, new byte[0],
                new NvPublic(NV_DATA, TpmAlgId.SHA256.value(), attrs, new byte[0], 8)));
        for (TpmSe type : new TpmSe[] {TpmSe.TRIAL, TpmSe.POLICY}) {
            nvOne("PolicyNV on an unwritten index", type, b -> b.tpm2b(new byte[2]).u16(0).u16(EQ));
        }
        send("write data index", TpmNvCommands.write(NV_DATA, NV_DATA, PW, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 0));
        for (TpmSe type : new TpmSe[] {TpmSe.TRIAL, TpmSe.POLICY}) {
            nvOne("PolicyNV equal", type, b -> b.tpm2b(new byte[] {3, 4}).u16(2).u16(EQ));
            nvOne("PolicyNV not equal", type, b -> b.tpm2b(new byte[] {3, 5}).u16(2).u16(EQ));
            for (int op = 1; op <= 11; op++) {
                int o = op;
                nvOne("PolicyNV operation " + op, type, b -> b.tpm2b(new byte[] {(byte) 0x80, 4}).u16(2).u16(o));
            }
            nvOne("PolicyNV offset beyond", type, b -> b.tpm2b(new byte[] {1}).u16(9).u16(EQ));
            nvOne("PolicyNV operand beyond", type, b -> b.tpm2b(new byte[] {1, 2}).u16(7).u16(EQ));
        }
        // PolicyAuthorizeNV: the index holds TPMT_HA of the approved policy (PolicyCommandCode NV_Read)
        byte[] approved = commandCodeDigest(TpmCc.NV_READ);
        send("define policy index", TpmNvCommands.defineSpace(TpmRh.OWNER, PW, new byte[0],
                new NvPublic(NV_POLICY, TpmAlgId.SHA256.value(), attrs, new byte[0], 34)));
        authorizeNv("PolicyAuthorizeNV on an unwritten index", true);
        byte[] ha = new TpmWriter(40).u16(TpmAlgId.SHA256.value()).bytes(approved).toByteArray();
        send("write policy index", TpmNvCommands.write(NV_POLICY, NV_POLICY, PW, ha, 0));
        authorizeNv("PolicyAuthorizeNV", true);
        authorizeNv("PolicyAuthorizeNV of another policy", false);
        send("write policy index with SHA-1", TpmNvCommands.write(NV_POLICY, NV_POLICY, PW,
                new TpmWriter(40).u16(TpmAlgId.SHA1.value()).bytes(new byte[32]).toByteArray(), 0));
        authorizeNv("PolicyAuthorizeNV of a SHA-1 policy", true);
        send("write policy index with no hash", TpmNvCommands.write(NV_POLICY, NV_POLICY, PW,
                new TpmWriter(40).u16(0x0099).bytes(new byte[32]).toByteArray(), 0));
        authorizeNv("PolicyAuthorizeNV of no hash", true);
        send("undefine policy index", TpmNvCommands.undefineSpace(TpmRh.OWNER, PW, NV_POLICY));
    }

    private void nvOne(String name, TpmSe type, Consumer<CommandBuilder> params) {
        int s = start(type);
        CommandBuilder b = CommandBuilder.of(TpmCc.POLICY_NV).handle(NV_DATA).handle(NV_DATA).handle(s).auth(PW);
        params.accept(b);
        send(name + " (" + type + ")", b.build());
        digest(name + " (" + type + ")", s);
        flush(s);
    }

    /** PolicyAuthorizeNV of {@link #NV_POLICY}, after PolicyCommandCode(NV_Read) when {@code approved}. */
    private void authorizeNv(String name, boolean approved) {
        for (TpmSe type : new TpmSe[] {TpmSe.TRIAL, TpmSe.POLICY}) {
            int s = start(type);
            if (approved) {
                send(name + " (" + type + "): PolicyCommandCode", policy(TpmCc.POLICY_COMMAND_CODE, s)
                        .u32(TpmCc.NV_READ.value()).build());
            }
            send(name + " (" + type + ")", CommandBuilder.of(TpmCc.POLICY_AUTHORIZE_NV).handle(NV_POLICY)
                    .handle(NV_POLICY).handle(s).auth(PW).build());
            digest(name + " (" + type + ")", s);
            flush(s);
        }
    }

    /** The digest of PolicyCommandCode(cc) from the zero digest. */
    private static byte[] commandCodeDigest(TpmCc cc) {
        return sha256(new byte[32], TpmWire.u32Bytes(TpmCc.POLICY_COMMAND_CODE.value()), TpmWire.u32Bytes(cc.value()));
    }

    // ---- a policy session authorizing an NV index: the checks at use

    /** A trial run of {@code steps}: the digest an index's authPolicy gets. */
    private byte[] trial(Consumer<Integer> steps) {
        int s = start(TpmSe.TRIAL);
        steps.accept(s);
        byte[] r = tpm.apply(policy(TpmCc.POLICY_GET_DIGEST, s).build());
        flush(s);
        return new TpmReader(r, 10, r.length - 10).tpm2b(64);
    }

    private void assertion(int s, TpmCc cc, Consumer<CommandBuilder> params) {
        CommandBuilder b = policy(cc, s);
        params.accept(b);
        tpm.apply(b.build());
    }

    /**
     * Defines {@link #NV} with the authPolicy of {@code policy} (POLICYREAD, written), runs
     * {@code satisfy} in a new policy session, then {@code between}, then NV_Read with it.
     */
    private void useOnNv(String name, Consumer<Integer> policy, Consumer<Integer> satisfy, Runnable between,
            byte[] hmac) {
        byte[] authPolicy = trial(policy);
        int attrs = TpmaNv.OWNERWRITE | TpmaNv.POLICYREAD | TpmaNv.AUTHREAD | TpmaNv.NO_DA;
        tpm.apply(TpmNvCommands.defineSpace(TpmRh.OWNER, PW, new byte[0],
                new NvPublic(NV, TpmAlgId.SHA256.value(), attrs, authPolicy, 8)));
        tpm.apply(TpmNvCommands.write(TpmRh.OWNER.value(), NV, PW, new byte[8], 0));
        int s = start(TpmSe.POLICY);
        satisfy.accept(s);
        between.run();
        send(name, TpmNvCommands.read(NV, NV, use(s, hmac), 8, 0));
        flush(s);
        send(name + ": undefine", TpmNvCommands.undefineSpace(TpmRh.OWNER, PW, NV));
    }

    private void useOnNv(String name, Consumer<Integer> policy, Consumer<Integer> satisfy) {
        useOnNv(name, policy, satisfy, () -> { }, new byte[0]);
    }

    private void authorizationChecks() {
        Consumer<Integer> cc = s -> assertion(s, TpmCc.POLICY_COMMAND_CODE, b -> b.u32(TpmCc.NV_READ.value()));
        Consumer<Integer> av = s -> assertion(s, TpmCc.POLICY_AUTH_VALUE, b -> { });
        useOnNv("satisfied PolicyCommandCode", cc, cc);
        useOnNv("unsatisfied policy", cc, s -> { });
        useOnNv("PolicyCommandCode of another command", cc, s -> assertion(s, TpmCc.POLICY_COMMAND_CODE,
                b -> b.u32(TpmCc.NV_WRITE.value())));
        useOnNv("satisfied out of order", cc.andThen(av), av.andThen(cc));
        useOnNv("satisfied in order", cc.andThen(av), cc.andThen(av));
        useOnNv("PolicyAuthValue with a wrong HMAC", av, av, () -> { }, fill(32, 1));
        useOnNv("policy without PolicyAuthValue, wrong HMAC", cc, cc, () -> { }, fill(32, 1));
        Consumer<Integer> pw = s -> assertion(s, TpmCc.POLICY_PASSWORD, b -> { });
        useOnNv("PolicyPassword, right password", pw, pw);
        useOnNv("PolicyPassword, wrong password", pw, pw, () -> { }, "wrong".getBytes(StandardCharsets.US_ASCII));
        indexAuthValue();
        Consumer<Integer> pcr = s -> assertion(s, TpmCc.POLICY_PCR, b -> b.tpm2b(new byte[0]).bytes(pcrSelection(PCR)));
        useOnNv("PolicyPCR, PCRs unchanged", pcr, pcr);
        useOnNv("PolicyPCR, a PCR extended before use", pcr, pcr, this::extend, new byte[0]);
        useOnNv("PolicyPCR twice, a PCR extended between", pcr.andThen(pcr), s -> {
            pcr.accept(s);
            extend();
            send("PolicyPCR after the extend", policy(TpmCc.POLICY_PCR, s).tpm2b(new byte[0])
                    .bytes(pcrSelection(PCR)).build());
        });
        Consumer<Integer> loc3 = s -> assertion(s, TpmCc.POLICY_LOCALITY, b -> b.u8(0x08));
        useOnNv("PolicyLocality 3, used at locality 0", loc3, loc3);
        Consumer<Integer> loc0 = s -> assertion(s, TpmCc.POLICY_LOCALITY, b -> b.u8(0x01));
        useOnNv("PolicyLocality 0, used at locality 0", loc0, loc0);
        Consumer<Integer> pp = s -> assertion(s, TpmCc.POLICY_PHYSICAL_PRESENCE, b -> { });
        useOnNv("PolicyPhysicalPresence without presence", pp, pp);
        Consumer<Integer> wrongCp = s -> assertion(s, TpmCc.POLICY_CP_HASH, b -> b.tpm2b(fill(32, 0x5A)));
        useOnNv("PolicyCpHash of another command", wrongCp, wrongCp);
        byte[] nvName = TpmResponse.parse(tpm.apply(TpmNvCommands.readPublic(NV_DATA))).nvReadPublic().name();
        answers.put("data index Name", hex.formatHex(nvName));
        Consumer<Integer> wrongName = s -> assertion(s, TpmCc.POLICY_NAME_HASH, b -> b.tpm2b(sha256(nvName, nvName)));
        useOnNv("PolicyNameHash of other Names", wrongName, wrongName);
        Consumer<Integer> written = s -> assertion(s, TpmCc.POLICY_NV_WRITTEN, b -> b.u8(1));
        Consumer<Integer> unwritten = s -> assertion(s, TpmCc.POLICY_NV_WRITTEN, b -> b.u8(0));
        useOnNv("PolicyNvWritten yes on a written index", written, written);
        useOnNv("PolicyNvWritten no on a written index", unwritten, unwritten);
        Consumer<Integer> tmpl = s -> assertion(s, TpmCc.POLICY_TEMPLATE, b -> b.tpm2b(fill(32, 0x5B)));
        useOnNv("PolicyTemplate on NV_Read", tmpl, tmpl);
        Consumer<Integer> secret = s -> send("PolicySecret owner for NV_Read", CommandBuilder.of(TpmCc.POLICY_SECRET)
                .handle(TpmRh.OWNER.value()).handle(s).auth(PW).tpm2b(new byte[0]).tpm2b(new byte[0]).tpm2b(new byte[0])
                .u32(0).build());
        useOnNv("satisfied PolicySecret", secret, secret);
        // an index without POLICYREAD: no policy for reading
        int attrs = TpmaNv.OWNERWRITE | TpmaNv.AUTHREAD | TpmaNv.NO_DA;
        send("define index without POLICYREAD", TpmNvCommands.defineSpace(TpmRh.OWNER, PW, new byte[0],
                new NvPublic(NV, TpmAlgId.SHA256.value(), attrs, trial(cc), 8)));
        tpm.apply(TpmNvCommands.write(TpmRh.OWNER.value(), NV, PW, new byte[8], 0));
        int s = start(TpmSe.POLICY);
        cc.accept(s);
        send("policy session on an index without POLICYREAD", TpmNvCommands.read(NV, NV, use(s, new byte[0]), 8, 0));
        flush(s);
        tpm.apply(TpmNvCommands.undefineSpace(TpmRh.OWNER, PW, NV));
        // PolicySecret authorized by a policy session without PolicyAuthValue/PolicyPassword
        byte[] authPolicy = trial(s2 -> assertion(s2, TpmCc.POLICY_COMMAND_CODE,
                b -> b.u32(TpmCc.POLICY_SECRET.value())));
        tpm.apply(TpmNvCommands.defineSpace(TpmRh.OWNER, PW, new byte[0],
                new NvPublic(NV, TpmAlgId.SHA256.value(), TpmaNv.OWNERWRITE | TpmaNv.POLICYREAD | TpmaNv.AUTHREAD
                        | TpmaNv.NO_DA, authPolicy, 8)));
        tpm.apply(TpmNvCommands.write(TpmRh.OWNER.value(), NV, PW, new byte[8], 0));
        int a = start(TpmSe.POLICY);
        int target = start(TpmSe.POLICY);
        assertion(a, TpmCc.POLICY_COMMAND_CODE, b -> b.u32(TpmCc.POLICY_SECRET.value()));
        send("PolicySecret authorized by a policy session without PolicyAuthValue", CommandBuilder
                .of(TpmCc.POLICY_SECRET).handle(NV).handle(target).auth(use(a, new byte[0])).tpm2b(new byte[0])
                .tpm2b(new byte[0]).tpm2b(new byte[0]).u32(0).build());
        flush(a);
        flush(target);
        tpm.apply(TpmNvCommands.undefineSpace(TpmRh.OWNER, PW, NV));
    }

    /** PolicyPassword and PolicyAuthValue on an index whose authValue is not empty. */
    private void indexAuthValue() {
        byte[] auth = "pw12345".getBytes(StandardCharsets.US_ASCII);
        for (TpmCc cc : new TpmCc[] {TpmCc.POLICY_PASSWORD, TpmCc.POLICY_AUTH_VALUE}) {
            Consumer<Integer> assertion = s -> assertion(s, cc, b -> { });
            int attrs = TpmaNv.OWNERWRITE | TpmaNv.POLICYREAD | TpmaNv.AUTHREAD | TpmaNv.NO_DA;
            tpm.apply(TpmNvCommands.defineSpace(TpmRh.OWNER, PW, auth,
                    new NvPublic(NV, TpmAlgId.SHA256.value(), attrs, trial(assertion), 8)));
            tpm.apply(TpmNvCommands.write(TpmRh.OWNER.value(), NV, PW, new byte[8], 0));
            byte[] name = TpmResponse.parse(tpm.apply(TpmNvCommands.readPublic(NV))).nvReadPublic().name();
            byte[] params = new TpmWriter(4).u16(8).u16(0).toByteArray();
            for (boolean right : new boolean[] {true, false}) {
                byte[] value = right ? auth : "other".getBytes(StandardCharsets.US_ASCII);
                ClientSession s = ClientSession.start(tpm, TpmSe.POLICY, 0);
                assertion.accept(s.handle());
                byte[] hmac = cc == TpmCc.POLICY_PASSWORD ? value : s.commandHmac(s.key(NV, value),
                        s.cpHash(TpmCc.NV_READ, List.of(name, name), params), null, null, 0);
                send(cc + " on an index with an authValue, " + (right ? "right" : "wrong") + " value",
                        TpmNvCommands.read(NV, NV, s.auth(0, hmac), 8, 0));
                flush(s.handle());
            }
            tpm.apply(TpmNvCommands.undefineSpace(TpmRh.OWNER, PW, NV));
        }
    }

    private void extend() {
        tpm.apply(TpmCommands.pcrExtend(PCR, List.of(new io.jvtpm.engine.wire.TaggedHash(HashAlgorithm.SHA256,
                fill(32, 0x42)))));
    }

    // ---- hierarchies and PCRs

    private void hierarchyPolicies() {
        byte[] defineCc = commandCodeDigest(TpmCc.NV_DEFINE_SPACE);
        NvPublic pub = new NvPublic(NV, TpmAlgId.SHA256.value(), TpmaNv.OWNERWRITE | TpmaNv.OWNERREAD, new byte[0], 8);
        int s = start(TpmSe.POLICY);
        send("owner policy session before SetPrimaryPolicy",
                TpmNvCommands.defineSpace(TpmRh.OWNER, use(s, new byte[0]), new byte[0], pub));
        flush(s);
        send("SetPrimaryPolicy of the wrong size", CommandBuilder.of(TpmCc.SET_PRIMARY_POLICY).handle(TpmRh.OWNER)
                .auth(PW).tpm2b(fill(20, 1)).u16(TpmAlgId.SHA256.value()).build());
        send("SetPrimaryPolicy owner", CommandBuilder.of(TpmCc.SET_PRIMARY_POLICY).handle(TpmRh.OWNER)
                .auth(PW).tpm2b(defineCc).u16(TpmAlgId.SHA256.value()).build());
        s = start(TpmSe.POLICY);
        assertion(s, TpmCc.POLICY_COMMAND_CODE, b -> b.u32(TpmCc.NV_DEFINE_SPACE.value()));
        send("owner policy satisfied", TpmNvCommands.defineSpace(TpmRh.OWNER, use(s, new byte[0]), new byte[0], pub));
        flush(s);
        send("undefine after owner policy", TpmNvCommands.undefineSpace(TpmRh.OWNER, PW, NV));
        s = start(TpmSe.POLICY);
        assertion(s, TpmCc.POLICY_COMMAND_CODE, b -> b.u32(TpmCc.NV_UNDEFINE_SPACE.value()));
        send("owner policy not satisfied", TpmNvCommands.defineSpace(TpmRh.OWNER, use(s, new byte[0]), new byte[0],
                pub));
        flush(s);
        send("SetPrimaryPolicy owner NULL", CommandBuilder.of(TpmCc.SET_PRIMARY_POLICY).handle(TpmRh.OWNER)
                .auth(PW).tpm2b(new byte[0]).u16(TpmAlgId.NULL.value()).build());
        s = start(TpmSe.POLICY);
        assertion(s, TpmCc.POLICY_COMMAND_CODE, b -> b.u32(TpmCc.NV_DEFINE_SPACE.value()));
        send("owner policy after it was removed", TpmNvCommands.defineSpace(TpmRh.OWNER, use(s, new byte[0]),
                new byte[0], pub));
        flush(s);
        ownerBoundPolicies(pub);
        byte[] lockoutPolicy = commandCodeDigest(TpmCc.DICTIONARY_ATTACK_LOCK_RESET);
        send("SetPrimaryPolicy lockout", CommandBuilder.of(TpmCc.SET_PRIMARY_POLICY).handle(TpmRh.LOCKOUT)
                .auth(PW).tpm2b(lockoutPolicy).u16(TpmAlgId.SHA256.value()).build());
        s = start(TpmSe.POLICY);
        assertion(s, TpmCc.POLICY_COMMAND_CODE, b -> b.u32(TpmCc.DICTIONARY_ATTACK_LOCK_RESET.value()));
        send("lockout policy satisfied", CommandBuilder.of(TpmCc.DICTIONARY_ATTACK_LOCK_RESET).handle(TpmRh.LOCKOUT)
                .auth(use(s, new byte[0])).build());
        flush(s);
        send("SetPrimaryPolicy endorsement SHA-384", CommandBuilder.of(TpmCc.SET_PRIMARY_POLICY)
                .handle(TpmRh.ENDORSEMENT).auth(PW).tpm2b(fill(48, 3)).u16(TpmAlgId.SHA384.value()).build());
        s = start(TpmSe.POLICY);
        send("endorsement policy of another hash", CommandBuilder.of(TpmCc.HIERARCHY_CHANGE_AUTH)
                .handle(TpmRh.ENDORSEMENT).auth(use(s, new byte[0])).tpm2b(new byte[0]).build());
        flush(s);
    }

    /** The owner's policy made by {@code steps}; then {@code command} (one handle) authorized by a session that ran them. */
    private void ownerPolicy(String name, Consumer<Integer> steps, byte[] command) {
        send(name + ": SetPrimaryPolicy", CommandBuilder.of(TpmCc.SET_PRIMARY_POLICY).handle(TpmRh.OWNER).auth(PW)
                .tpm2b(trial(steps)).u16(TpmAlgId.SHA256.value()).build());
        int s = start(TpmSe.POLICY);
        steps.accept(s);
        byte[] c = command.clone();
        // the policy session is the first session of a command with one handle: after the header, handle, authSize
        int at = 10 + 4 + 4;
        c[at] = (byte) (s >>> 24);
        c[at + 1] = (byte) (s >>> 16);
        c[at + 2] = (byte) (s >>> 8);
        c[at + 3] = (byte) s;
        byte[] r = send(name, c);
        flush(s);
        if (TpmWire.responseCode(r) == 0 && TpmWire.u32(c, 6) == TpmCc.CREATE_PRIMARY.value()) {
            flush(TpmWire.u32(r, 10));
        }
    }

    /** PolicyCpHash, PolicyNameHash and PolicyTemplate as the owner's policy, met and not. */
    private void ownerBoundPolicies(NvPublic pub) {
        AuthCommand placeholder = use(0x03000000, new byte[0]);
        byte[] define = TpmNvCommands.defineSpace(TpmRh.OWNER, placeholder, new byte[0], pub);
        byte[] other = TpmNvCommands.defineSpace(TpmRh.OWNER, placeholder, new byte[0], new NvPublic(NV + 1,
                pub.nameAlg(), pub.attributes(), pub.authPolicy(), pub.dataSize()));
        int paramsAt = 10 + 4 + 4 + placeholder.size();
        byte[] cp = sha256(TpmWire.u32Bytes(TpmCc.NV_DEFINE_SPACE.value()), TpmWire.u32Bytes(TpmRh.OWNER.value()),
                Arrays.copyOfRange(define, paramsAt, define.length));
        Consumer<Integer> cpHash = s -> assertion(s, TpmCc.POLICY_CP_HASH, b -> b.tpm2b(cp));
        ownerPolicy("PolicyCpHash of NV_DefineSpace, met", cpHash, define);
        tpm.apply(TpmNvCommands.undefineSpace(TpmRh.OWNER, PW, NV));
        ownerPolicy("PolicyCpHash of NV_DefineSpace, other parameters", cpHash, other);
        byte[] names = sha256(TpmWire.u32Bytes(TpmRh.OWNER.value()));
        Consumer<Integer> nameHash = s -> assertion(s, TpmCc.POLICY_NAME_HASH, b -> b.tpm2b(names));
        ownerPolicy("PolicyNameHash of the owner, met", nameHash, define);
        tpm.apply(TpmNvCommands.undefineSpace(TpmRh.OWNER, PW, NV));
        byte[] template = new TpmWriter(64).u16(TpmAlgId.KEYEDHASH.value()).u16(TpmAlgId.SHA256.value())
                .u32(0x00040072).u16(0).u16(TpmAlgId.HMAC.value()).u16(TpmAlgId.SHA256.value()).u16(0).toByteArray();
        byte[] templateHash = sha256(template);
        Consumer<Integer> tmpl = s -> assertion(s, TpmCc.POLICY_TEMPLATE, b -> b.tpm2b(templateHash));
        byte[] create = CommandBuilder.of(TpmCc.CREATE_PRIMARY).handle(TpmRh.OWNER).auth(placeholder)
                .tpm2b(new byte[4]).tpm2b(template).tpm2b(new byte[0]).u32(0).build();
        ownerPolicy("PolicyTemplate of CreatePrimary, met", tmpl, create);
        byte[] otherTemplate = template.clone();
        otherTemplate[otherTemplate.length - 3] = (byte) TpmAlgId.SHA384.value();
        byte[] createOther = CommandBuilder.of(TpmCc.CREATE_PRIMARY).handle(TpmRh.OWNER).auth(placeholder)
                .tpm2b(new byte[4]).tpm2b(otherTemplate).tpm2b(new byte[0]).u32(0).build();
        ownerPolicy("PolicyTemplate of CreatePrimary, another template", tmpl, createOther);
        send("SetPrimaryPolicy owner NULL again", CommandBuilder.of(TpmCc.SET_PRIMARY_POLICY).handle(TpmRh.OWNER)
                .auth(PW).tpm2b(new byte[0]).u16(TpmAlgId.NULL.value()).build());
    }

    private void pcrPolicies() {
        send("PCR_SetAuthValue 16", CommandBuilder.of(TpmCc.PCR_SET_AUTH_VALUE).handle(16).auth(PW)
                .tpm2b(fill(4, 1)).build());
        send("PCR_SetAuthValue 20", CommandBuilder.of(TpmCc.PCR_SET_AUTH_VALUE).handle(20).auth(PW)
                .tpm2b(new byte[] {7, 7, 0}).build());
        byte[] extend20 = new TpmWriter(64).u32(1).u16(TpmAlgId.SHA256.value()).bytes(fill(32, 9)).toByteArray();
        send("PCR_Extend 20 with the old authValue", CommandBuilder.of(TpmCc.PCR_EXTEND).handle(20).auth(PW)
                .bytes(extend20).build());
        send("PCR_Extend 20 with the new authValue", CommandBuilder.of(TpmCc.PCR_EXTEND).handle(20)
                .auth(AuthCommand.password(new byte[] {7, 7})).bytes(extend20).build());
        send("PCR_Extend 21 with the new authValue", CommandBuilder.of(TpmCc.PCR_EXTEND).handle(21)
                .auth(AuthCommand.password(new byte[] {7, 7})).bytes(extend20).build());
        byte[] extendCc = commandCodeDigest(TpmCc.PCR_EXTEND);
        send("PCR_SetAuthPolicy 16", CommandBuilder.of(TpmCc.PCR_SET_AUTH_POLICY).handle(TpmRh.PLATFORM).auth(PW)
                .tpm2b(extendCc).u16(TpmAlgId.SHA256.value()).u32(16).build());
        send("PCR_SetAuthPolicy 40", CommandBuilder.of(TpmCc.PCR_SET_AUTH_POLICY).handle(TpmRh.PLATFORM).auth(PW)
                .tpm2b(extendCc).u16(TpmAlgId.SHA256.value()).u32(40).build());
        send("PCR_SetAuthPolicy of the wrong size", CommandBuilder.of(TpmCc.PCR_SET_AUTH_POLICY)
                .handle(TpmRh.PLATFORM).auth(PW).tpm2b(fill(20, 1)).u16(TpmAlgId.SHA256.value()).u32(20).build());
        int s = start(TpmSe.POLICY);
        assertion(s, TpmCc.POLICY_COMMAND_CODE, b -> b.u32(TpmCc.PCR_EXTEND.value()));
        send("PCR_Extend 20 by policy before PCR_SetAuthPolicy", CommandBuilder.of(TpmCc.PCR_EXTEND).handle(20)
                .auth(use(s, new byte[0])).bytes(extend20).build());
        flush(s);
        send("PCR_SetAuthPolicy 20", CommandBuilder.of(TpmCc.PCR_SET_AUTH_POLICY).handle(TpmRh.PLATFORM).auth(PW)
                .tpm2b(extendCc).u16(TpmAlgId.SHA256.value()).u32(20).build());
        s = start(TpmSe.POLICY);
        assertion(s, TpmCc.POLICY_COMMAND_CODE, b -> b.u32(TpmCc.PCR_EXTEND.value()));
        send("PCR_Extend 22 by policy", CommandBuilder.of(TpmCc.PCR_EXTEND).handle(22)
                .auth(use(s, new byte[0])).bytes(extend20).build());
        flush(s);
        s = start(TpmSe.POLICY);
        assertion(s, TpmCc.POLICY_COMMAND_CODE, b -> b.u32(TpmCc.PCR_EXTEND.value()));
        send("PCR_Extend 7 by policy", CommandBuilder.of(TpmCc.PCR_EXTEND).handle(PCR)
                .auth(use(s, new byte[0])).bytes(extend20).build());
        flush(s);
        byte[] read = TpmCommands.pcrRead(List.of(new io.jvtpm.engine.wire.PcrSelection(HashAlgorithm.SHA256,
                (1 << 20) | (1 << 21) | (1 << 22))));
        byte[] r = tpm.apply(read);
        answers.put("PCRs 20-22 afterwards", hex.formatHex(Arrays.copyOfRange(r, 14, r.length)));
    }

    // ---- PolicyDuplicationSelect with TPM2_Duplicate (the DUP role)

    private void duplication() {
        byte[] storage = new TpmWriter(64).u16(TpmAlgId.ECC.value()).u16(TpmAlgId.SHA256.value()).u32(0x00030072)
                .u16(0).u16(TpmAlgId.AES.value()).u16(128).u16(TpmAlgId.CFB.value()).u16(TpmAlgId.NULL.value())
                .u16(0x0003).u16(TpmAlgId.NULL.value()).u16(0).u16(0).toByteArray();
        byte[] pr = send("CreatePrimary ECC storage parent", CommandBuilder.of(TpmCc.CREATE_PRIMARY)
                .handle(TpmRh.OWNER).auth(PW).tpm2b(new byte[4]).tpm2b(storage).tpm2b(new byte[0]).u32(0).build());
        if (TpmWire.responseCode(pr) != 0) {
            return;
        }
        int parent = TpmWire.u32(pr, 10);
        byte[] newParentName = TpmWire.u32Bytes(TpmRh.NULL.value());
        Consumer<Integer> select = s -> assertion(s, TpmCc.POLICY_DUPLICATION_SELECT,
                b -> b.tpm2b(fill(34, 0)).tpm2b(newParentName).u8(0));
        byte[] authPolicy = trial(select);
        byte[] hmacKey = new TpmWriter(64).u16(TpmAlgId.KEYEDHASH.value()).u16(TpmAlgId.SHA256.value())
                .u32(0x00040060).tpm2b(authPolicy).u16(TpmAlgId.HMAC.value()).u16(TpmAlgId.SHA256.value()).u16(0)
                .toByteArray();
        byte[] cr = send("Create a duplicable key", CommandBuilder.of(TpmCc.CREATE).handle(parent).auth(PW)
                .tpm2b(new byte[4]).tpm2b(hmacKey).tpm2b(new byte[0]).u32(0).build());
        TpmReader in = new TpmReader(cr, 14, cr.length - 14);
        byte[] priv = in.tpm2b(4096);
        byte[] pub = in.tpm2b(4096);
        byte[] lr = send("Load the duplicable key", CommandBuilder.of(TpmCc.LOAD).handle(parent).auth(PW).tpm2b(priv)
                .tpm2b(pub).build());
        int key = TpmWire.u32(lr, 10);
        byte[] keyName = new TpmReader(lr, 18, lr.length - 18).tpm2b(66);
        byte[] dup = new TpmWriter(8).u16(0).u16(TpmAlgId.NULL.value()).toByteArray();
        for (int variant = 0; variant < 4; variant++) {
            int s = start(TpmSe.POLICY);
            byte[] objectName = variant == 1 ? fill(34, 0) : keyName;
            byte[] parentName = variant == 2 ? TpmWire.u32Bytes(TpmRh.OWNER.value()) : newParentName;
            if (variant != 3) {
                assertion(s, TpmCc.POLICY_DUPLICATION_SELECT, b -> b.tpm2b(objectName).tpm2b(parentName).u8(0));
            } else {
                assertion(s, TpmCc.POLICY_COMMAND_CODE, b -> b.u32(TpmCc.DUPLICATE.value()));
            }
            String what = new String[] {"met", "another object's Name", "another new parent",
                "PolicyCommandCode alone"}[variant];
            send("Duplicate by PolicyDuplicationSelect, " + what, CommandBuilder.of(TpmCc.DUPLICATE).handle(key)
                    .handle(TpmRh.NULL).auth(use(s, new byte[0])).bytes(dup).build());
            flush(s);
        }
        flush(key);
        flush(parent);
    }

    // ---- timeouts

    private void expiry() {
        // a session whose PolicySecret expires after one second; a ticket that does the same
        byte[] authPolicy = trial(s -> tpm.apply(CommandBuilder.of(TpmCc.POLICY_SECRET).handle(TpmRh.OWNER.value())
                .handle(s).auth(PW).tpm2b(new byte[0]).tpm2b(new byte[0]).tpm2b(new byte[0]).u32(0).build()));
        tpm.apply(TpmNvCommands.defineSpace(TpmRh.OWNER, PW, new byte[0], new NvPublic(NV, TpmAlgId.SHA256.value(),
                TpmaNv.OWNERWRITE | TpmaNv.POLICYREAD | TpmaNv.AUTHREAD | TpmaNv.NO_DA, authPolicy, 8)));
        tpm.apply(TpmNvCommands.write(TpmRh.OWNER.value(), NV, PW, new byte[8], 0));
        ClientSession timed = ClientSession.start(tpm, TpmSe.POLICY, 0);
        ClientSession fresh = ClientSession.start(tpm, TpmSe.POLICY, 0);
        send("PolicySecret expiring in 1 s", CommandBuilder.of(TpmCc.POLICY_SECRET).handle(TpmRh.OWNER.value())
                .handle(timed.handle()).auth(PW).tpm2b(timed.nonceTpm()).tpm2b(new byte[0]).tpm2b(new byte[0]).u32(1)
                .build());
        byte[] r = send("PolicySecret with a ticket expiring in 1 s", CommandBuilder.of(TpmCc.POLICY_SECRET)
                .handle(TpmRh.OWNER.value()).handle(fresh.handle()).auth(PW).tpm2b(fresh.nonceTpm())
                .tpm2b(new byte[0]).tpm2b(new byte[0]).u32(-1).build());
        flush(fresh.handle());
        try {
            Thread.sleep(1300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        send("a session past its PolicySecret expiration", TpmNvCommands.read(NV, NV, use(timed.handle(), new byte[0]),
                8, 0));
        flush(timed.handle());
        if (TpmWire.responseCode(r) == 0) {
            TpmReader in = new TpmReader(r, 14, r.length - 14);
            byte[] timeout = in.tpm2b(8);
            int tag = in.u16();
            int hierarchy = in.u32();
            byte[] hmac = in.tpm2b(64);
            int t = start(TpmSe.POLICY);
            send("PolicyTicket past its expiration", policy(TpmCc.POLICY_TICKET, t).tpm2b(timeout).tpm2b(new byte[0])
                    .tpm2b(new byte[0]).tpm2b(TpmWire.u32Bytes(TpmRh.OWNER.value())).u16(tag).u32(hierarchy)
                    .tpm2b(hmac).build());
            flush(t);
        }
        int late = start(TpmSe.POLICY);
        send("PolicySecret with expiration INT32_MIN and no nonce", CommandBuilder.of(TpmCc.POLICY_SECRET)
                .handle(TpmRh.OWNER.value()).handle(late).auth(PW).tpm2b(new byte[0]).tpm2b(new byte[0])
                .tpm2b(new byte[0]).u32(Integer.MIN_VALUE).build());
        flush(late);
        tpm.apply(TpmNvCommands.undefineSpace(TpmRh.OWNER, PW, NV));
    }
}
