package io.jvtpm.engine.command;

import io.jvtpm.engine.testing.AuditAttest;
import io.jvtpm.engine.testing.ClientSession;
import io.jvtpm.engine.testing.ResponseAuth;
import io.jvtpm.engine.wire.AuthCommand;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmCap;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmPt;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSe;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.wire.TpmaSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Command audit and audit sessions (TPM 2.0 Library Part 1, 19.6.14 and "Command Audit"; Part 3, 18.5,
 * 18.6, 21.2) run on one started TPM: SetCommandCodeAuditStatus with its checks, audited
 * commands, the audit hash algorithm changed, GetCommandAuditDigest; an HMAC session used for
 * audit with auditExclusive and auditReset, exclusivity lost to a command without it,
 * GetSessionAuditDigest; the audit attribute where it is refused. Each step's answer by name:
 * response codes, response session attributes, and the digests the TPM reports beside the ones
 * the caller computes from its own cpHash and rpHash ({@link #MATCHES} when equal). Every
 * digest is over deterministic commands and responses, so two TPMs give the same map. The
 * engine runs it in {@code AuditTest}, side by side with libtpms in {@code AuditDifferentialTest}.
 */
public final class AuditScenarios {
    /** The answer of a caller's digest that equals the TPM's. */
    public static final String MATCHES = "matches the caller's";

    private static final int CONT = TpmaSession.CONTINUE_SESSION;
    private static final int AUDIT = TpmaSession.AUDIT | CONT;
    private static final int EXCLUSIVE = AUDIT | TpmaSession.AUDIT_EXCLUSIVE;
    private static final int RESET = AUDIT | TpmaSession.AUDIT_RESET;
    private static final int NULL_ALG = TpmAlgId.NULL.value();
    private static final byte[] OWNER_NAME = TpmWire.u32Bytes(TpmRh.OWNER.value());

    private final UnaryOperator<byte[]> tpm;
    private final Map<String, String> answers = new LinkedHashMap<>();
    /** The caller's copy of the command audit: hash, digest (empty: none started), counter, commands. */
    private HashAlgorithm commandAlg = HashAlgorithm.SHA512;
    private byte[] commandDigest = new byte[0];
    private long counter;
    private final List<TpmCc> audited = new ArrayList<>(List.of(TpmCc.SET_COMMAND_CODE_AUDIT_STATUS));

    private AuditScenarios(UnaryOperator<byte[]> tpm) {
        this.tpm = tpm;
    }

    /** Runs every scenario on a started {@code tpm} that audits only SetCommandCodeAuditStatus yet; the answers by name. */
    public static Map<String, String> run(UnaryOperator<byte[]> tpm) {
        AuditScenarios s = new AuditScenarios(tpm);
        s.commandAudit();
        s.sessionAudit();
        return s.answers;
    }

    private void commandAudit() {
        record("audited commands at first", auditedCommands());
        record("audit counter at first", auditCounter());
        setList("set Hash and GetCapability", List.of(TpmCc.HASH, TpmCc.GET_CAPABILITY), List.of());
        record("audited commands", auditedCommands());
        // Hash with TPM_RH_NULL: its answer (the digest and a NULL ticket) is the same on every TPM
        byte[] hashParams = new TpmWriter(32).tpm2b(new byte[] {'a', 'u', 'd', 'i', 't'}).u16(HashAlgorithm.SHA256.id())
                .u32(TpmRh.NULL.value()).toByteArray();
        send("Hash, audited", CommandBuilder.of(TpmCc.HASH).bytes(hashParams).build(), TpmCc.HASH, List.of(),
                hashParams);
        checkCommandAudit("after Hash");
        record("audit counter", auditCounter());

        send("alg and list changed together", setCommand(HashAlgorithm.SHA256.id(), List.of(TpmCc.CLEAR.value()),
                List.of()));
        send("unknown audit alg", setCommand(0x0099, List.of(), List.of()));
        List<Integer> tooMany = new ArrayList<>();
        for (int i = 0; i < 255; i++) {
            tooMany.add(TpmCc.HASH.value());
        }
        send("setList of 255", setCommand(NULL_ALG, tooMany, List.of()));
        byte[] truncated = setParams(NULL_ALG, List.of(TpmCc.HASH.value()), List.of());
        send("setList cut short", CommandBuilder.of(TpmCc.SET_COMMAND_CODE_AUDIT_STATUS).handle(TpmRh.OWNER)
                .emptyPassword().bytes(Arrays.copyOf(truncated, 2 + 4 + 2)).build());
        send("a byte after clearList", CommandBuilder.of(TpmCc.SET_COMMAND_CODE_AUDIT_STATUS).handle(TpmRh.OWNER)
                .emptyPassword().bytes(Arrays.copyOf(truncated, truncated.length + 1)).build());
        // Shutdown is never audited, an unknown code is ignored, SetCommandCodeAuditStatus stays
        setList("set Shutdown and an unknown code, clear SetCommandCodeAuditStatus and Hash",
                List.of(TpmCc.SHUTDOWN.value(), 0xFFFF), List.of(TpmCc.SET_COMMAND_CODE_AUDIT_STATUS.value(),
                        TpmCc.HASH.value()));
        audited.remove(TpmCc.HASH);
        record("audited commands after the changes", auditedCommands());

        // a new audit hash: the digest empties and the command changing it is not audited
        byte[] params = setParams(HashAlgorithm.SHA256.id(), List.of(), List.of());
        send("audit alg SHA-256", CommandBuilder.of(TpmCc.SET_COMMAND_CODE_AUDIT_STATUS).handle(TpmRh.OWNER)
                .emptyPassword().bytes(params).build());
        commandAlg = HashAlgorithm.SHA256;
        commandDigest = new byte[0];
        record("audit counter after the new alg", auditCounter());
        checkCommandAudit("in SHA-256");
        setList("clear GetCapability", List.of(), List.of(TpmCc.GET_CAPABILITY.value()));
        audited.remove(TpmCc.GET_CAPABILITY);
        checkCommandAudit("at the end");
    }

    private void sessionAudit() {
        // a session bound to the owner, whose authValue is set: its HMACs have a key
        byte[] ownerAuth = "owner".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        send("owner authValue set", TpmCommands.hierarchyChangeAuth(TpmRh.OWNER, new byte[0], ownerAuth));
        ClientSession s = ClientSession.start(tpm, TpmSe.HMAC, 0, TpmRh.OWNER.value(), ownerAuth);
        byte[] capParams = new TpmWriter(12).u32(TpmCap.AUDIT_COMMANDS.value()).u32(0).u32(8).toByteArray();
        byte[][] digest = {new byte[s.authHash().digestSize()]};
        // the first use for audit starts the digest and makes the session exclusive
        audited(s, digest, "first audit use", AUDIT, capParams);
        audited(s, digest, "auditExclusive while exclusive", EXCLUSIVE, capParams);
        send("PCR_Read without sessions", TpmCommands.pcrRead(HashAlgorithm.SHA256, 16));
        send("auditExclusive after a command without it", getCapability(s, EXCLUSIVE, capParams));
        audited(s, digest, "audit, no longer exclusive", AUDIT, capParams);
        sessionDigest(s, digest[0], "after four commands");
        // auditReset starts the digest again, exclusive again
        digest[0] = new byte[s.authHash().digestSize()];
        audited(s, digest, "auditReset", RESET, capParams);
        sessionDigest(s, digest[0], "after auditReset");
        // the audit session authorizes the owner it was bound to: an audit session is bound to
        // nothing (libtpms), so the owner's authValue joins the HMAC key
        s.auditStarted();
        byte[] setParams = setParams(NULL_ALG, List.of(), List.of());
        byte[] cp = s.cpHash(TpmCc.SET_COMMAND_CODE_AUDIT_STATUS, List.of(OWNER_NAME), setParams);
        byte[] key = s.key(TpmRh.OWNER.value(), ownerAuth);
        s.nextNonceCaller();
        byte[] r = send("audit session authorizing the owner", CommandBuilder.of(TpmCc.SET_COMMAND_CODE_AUDIT_STATUS)
                .handle(TpmRh.OWNER).auth(s.auth(AUDIT, s.commandHmac(key, cp, null, null, AUDIT)))
                .bytes(setParams).build(), TpmCc.SET_COMMAND_CODE_AUDIT_STATUS, List.of(OWNER_NAME), setParams);
        if (TpmWire.responseCode(r) == 0) {
            byte[] rp = s.rpHash(0, TpmCc.SET_COMMAND_CODE_AUDIT_STATUS.value(), ResponseAuth.parameters(r, 0));
            digest[0] = s.extendAudit(digest[0], cp, rp);
            responseHmac(s, "audit session authorizing the owner", key, rp, r);
        }
        sessionDigest(s, digest[0], "after authorizing");
        int resetOnly = CONT | TpmaSession.AUDIT_RESET;
        s.nextNonceCaller();
        r = send("auditReset without audit on an authorizing session", CommandBuilder.of(
                TpmCc.SET_COMMAND_CODE_AUDIT_STATUS).handle(TpmRh.OWNER).auth(s.auth(resetOnly, s.commandHmac(key, cp,
                null, null, resetOnly))).bytes(setParams).build(), TpmCc.SET_COMMAND_CODE_AUDIT_STATUS,
                List.of(OWNER_NAME), setParams);
        if (TpmWire.responseCode(r) == 0) {
            s.update(r, 0, 0);
        }
        checkCommandAudit("after the session's commands");

        // a resource manager's ContextSave and ContextLoad (no sessions allowed) keep exclusivity and the digest
        digest[0] = new byte[s.authHash().digestSize()];
        audited(s, digest, "auditReset again", RESET, capParams);
        send("ContextSave with a session", CommandBuilder.of(TpmCc.CONTEXT_SAVE).handle(s.handle())
                .auth(new AuthCommand(TpmRh.RS_PW.value(), new byte[0], CONT, new byte[0])).build());
        byte[] saved = send("ContextSave of the audit session", CommandBuilder.of(TpmCc.CONTEXT_SAVE)
                .handle(s.handle()).build());
        send("ContextLoad of the audit session", CommandBuilder.of(TpmCc.CONTEXT_LOAD)
                .bytes(Arrays.copyOfRange(saved, TpmWire.HEADER_SIZE, saved.length)).build());
        sessionDigest(s, digest[0], "after ContextSave and ContextLoad");

        ClientSession t = ClientSession.start(tpm, TpmSe.HMAC, 0);
        send("two audit sessions", CommandBuilder.of(TpmCc.GET_CAPABILITY).auth(s.nextNonceCaller().auth(AUDIT,
                new byte[0])).auth(t.nextNonceCaller().auth(AUDIT, new byte[0])).bytes(capParams).build());
        send("session digest of a session never audited", TpmCommands.getSessionAuditDigest(TpmRh.NULL.value(),
                t.handle(), new byte[0]));
        send("session digest of a policy session handle", TpmCommands.getSessionAuditDigest(TpmRh.NULL.value(),
                t.handle() ^ 0x01000000, new byte[0]));
        flush(t.handle());
        send("session digest of a session not loaded", TpmCommands.getSessionAuditDigest(TpmRh.NULL.value(),
                t.handle(), new byte[0]));
        ClientSession policy = ClientSession.start(tpm, TpmSe.POLICY, 0);
        send("policy session for audit", getCapability(policy, AUDIT, capParams));
        flush(policy.handle());
        send("password session with auditExclusive", CommandBuilder.of(TpmCc.SET_COMMAND_CODE_AUDIT_STATUS)
                .handle(TpmRh.OWNER).auth(new AuthCommand(TpmRh.RS_PW.value(), new byte[0],
                        CONT | TpmaSession.AUDIT_EXCLUSIVE, ownerAuth)).bytes(setParams).build());

        // a new audit session may ask for exclusivity at its first use; with auditReset a session
        // need not be exclusive either
        ClientSession u = ClientSession.start(tpm, TpmSe.HMAC, 0);
        byte[][] other = {new byte[u.authHash().digestSize()]};
        audited(u, other, "auditExclusive at the first audit use", EXCLUSIVE, capParams);
        digest[0] = new byte[s.authHash().digestSize()];
        audited(s, digest, "auditReset and auditExclusive on a session not exclusive",
                RESET | TpmaSession.AUDIT_EXCLUSIVE, capParams);
        flush(u.handle());
        // with an encrypt session beside it: rpHash covers the response parameters as encrypted
        ClientSession e = ClientSession.start(tpm, TpmSe.HMAC, 128);
        byte[] randomParams = new TpmWriter(2).u16(16).toByteArray();
        byte[] randomCp = s.cpHash(TpmCc.GET_RANDOM, List.of(), randomParams);
        s.nextNonceCaller();
        e.nextNonceCaller();
        int enc = CONT | TpmaSession.ENCRYPT;
        r = send("audit beside an encrypt session", CommandBuilder.of(TpmCc.GET_RANDOM)
                .auth(s.auth(AUDIT, s.commandHmac(s.key(0, null), randomCp, null, null, AUDIT)))
                .auth(e.auth(enc, new byte[0])).bytes(randomParams).build());
        if (TpmWire.responseCode(r) == 0) {
            byte[] rp = s.rpHash(0, TpmCc.GET_RANDOM.value(), ResponseAuth.parameters(r, 0));
            digest[0] = s.extendAudit(digest[0], randomCp, rp);
            responseHmac(s, "audit beside an encrypt session", s.key(0, null), rp, r);
            e.update(r, 0, 1);
        }
        sessionDigestMatches(s, digest[0], "beside an encrypt session");
        flush(e.handle());
        flush(s.handle());
        send("owner authValue cleared", TpmCommands.hierarchyChangeAuth(TpmRh.OWNER, ownerAuth, new byte[0]));
    }

    /**
     * An audited GetCapability through session {@code s} (an extra session: its HMAC keyed with
     * the sessionKey alone) with {@code attributes}; the caller's digest follows, the response's
     * attributes and HMAC are checked.
     */
    private void audited(ClientSession s, byte[][] digest, String name, int attributes, byte[] params) {
        byte[] r = send(name, getCapability(s, attributes, params));
        if (TpmWire.responseCode(r) != 0) {
            return;
        }
        byte[] cp = s.cpHash(TpmCc.GET_CAPABILITY, List.of(), params);
        byte[] rp = s.rpHash(0, TpmCc.GET_CAPABILITY.value(), ResponseAuth.parameters(r, 0));
        digest[0] = s.extendAudit(digest[0], cp, rp);
        responseHmac(s, name, s.key(0, null), rp, r);
    }

    /** Records the response attributes of session {@code s} in {@code r} and whether its HMAC is the caller's. */
    private void responseHmac(ClientSession s, String name, byte[] key, byte[] rp, byte[] r) {
        ResponseAuth ra = ResponseAuth.parse(r, 0).get(0);
        record(name + ": response attributes", "0x" + Integer.toHexString(ra.attributes()));
        s.update(r, 0, 0);
        record(name + ": response HMAC", compare(ra.hmac(), s.responseHmac(key, rp, ra.attributes())));
    }

    private static byte[] getCapability(ClientSession s, int attributes, byte[] params) {
        s.nextNonceCaller();
        byte[] cp = s.cpHash(TpmCc.GET_CAPABILITY, List.of(), params);
        return CommandBuilder.of(TpmCc.GET_CAPABILITY).auth(s.auth(attributes, s.commandHmac(s.key(0, null), cp,
                null, null, attributes))).bytes(params).build();
    }

    /** GetSessionAuditDigest of {@code s} unsigned: its digest beside the caller's, and exclusiveSession. */
    private void sessionDigest(ClientSession s, byte[] expected, String when) {
        byte[] r = send("GetSessionAuditDigest " + when, TpmCommands.getSessionAuditDigest(TpmRh.NULL.value(),
                s.handle(), new byte[] {1, 2}));
        if (TpmWire.responseCode(r) != 0) {
            return;
        }
        AuditAttest a = AuditAttest.parse(r);
        record("session audit digest " + when, hex(a.auditDigest()));
        record("session audit digest " + when + " vs caller", compare(a.auditDigest(), expected));
        record("exclusive " + when, String.valueOf(a.exclusive()));
    }

    /** GetSessionAuditDigest of {@code s} when its digest differs between TPMs (random response bytes): beside the caller's only. */
    private void sessionDigestMatches(ClientSession s, byte[] expected, String when) {
        byte[] r = send("GetSessionAuditDigest " + when, TpmCommands.getSessionAuditDigest(TpmRh.NULL.value(),
                s.handle(), new byte[0]));
        if (TpmWire.responseCode(r) == 0) {
            record("session audit digest " + when + " vs caller", compare(AuditAttest.parse(r).auditDigest(),
                    expected));
        }
    }

    /** GetCommandAuditDigest unsigned (not audited itself): counter, alg, digests beside the caller's. */
    private void checkCommandAudit(String when) {
        byte[] r = tpm.apply(TpmCommands.getCommandAuditDigest(TpmRh.NULL.value(), new byte[] {7}));
        if (TpmWire.responseCode(r) != 0) {
            record("GetCommandAuditDigest " + when, rc(r));
            return;
        }
        AuditAttest a = AuditAttest.parse(r);
        record("audit counter " + when, a.auditCounter() + (a.auditCounter() == counter ? " as counted" : " counted "
                + counter));
        record("audit alg " + when, "0x" + Integer.toHexString(a.digestAlg()));
        record("command audit digest " + when, hex(a.auditDigest()));
        record("command audit digest " + when + " vs caller", compare(a.auditDigest(), commandDigest));
        java.security.MessageDigest md = commandAlg.newDigest();
        audited.stream().mapToInt(TpmCc::value).sorted().forEach(cc -> md.update(TpmWire.u32Bytes(cc)));
        record("command digest " + when + " vs caller", compare(a.commandDigest(), md.digest()));
        record("qualified signer " + when, hex(a.qualifiedSigner()));
    }

    private void setList(String name, List<?> set, List<?> clear) {
        List<Integer> s = codes(set);
        List<Integer> c = codes(clear);
        byte[] params = setParams(NULL_ALG, s, c);
        send(name, CommandBuilder.of(TpmCc.SET_COMMAND_CODE_AUDIT_STATUS).handle(TpmRh.OWNER).emptyPassword()
                .bytes(params).build(), TpmCc.SET_COMMAND_CODE_AUDIT_STATUS, List.of(OWNER_NAME), params);
        for (Integer cc : s) {
            for (TpmCc known : TpmCc.values()) {
                if (known.value() == cc && known != TpmCc.SHUTDOWN && !audited.contains(known)) {
                    audited.add(known);
                }
            }
        }
    }

    private static List<Integer> codes(List<?> list) {
        List<Integer> l = new ArrayList<>();
        for (Object o : list) {
            l.add(o instanceof TpmCc cc ? cc.value() : (Integer) o);
        }
        return l;
    }

    private static byte[] setParams(int alg, List<Integer> set, List<Integer> clear) {
        TpmWriter w = new TpmWriter(64 + 4 * set.size()).u16(alg).u32(set.size());
        set.forEach(w::u32);
        w.u32(clear.size());
        clear.forEach(w::u32);
        return w.toByteArray();
    }

    private static byte[] setCommand(int alg, List<Integer> set, List<Integer> clear) {
        return CommandBuilder.of(TpmCc.SET_COMMAND_CODE_AUDIT_STATUS).handle(TpmRh.OWNER).emptyPassword()
                .bytes(setParams(alg, set, clear)).build();
    }

    private String auditedCommands() {
        byte[] r = sendAudited(TpmCap.AUDIT_COMMANDS, 0, 64);
        return TpmWire.responseCode(r) != 0 ? rc(r) : hex(Arrays.copyOfRange(r, TpmWire.HEADER_SIZE, r.length));
    }

    private String auditCounter() {
        byte[] r = sendAudited(TpmCap.TPM_PROPERTIES, TpmPt.AUDIT_COUNTER_0.value(), 2);
        return TpmWire.responseCode(r) != 0 ? rc(r) : hex(Arrays.copyOfRange(r, TpmWire.HEADER_SIZE, r.length));
    }

    /** GetCapability, extending the caller's command audit digest when it is audited. */
    private byte[] sendAudited(TpmCap cap, int property, int count) {
        byte[] params = new TpmWriter(12).u32(cap.value()).u32(property).u32(count).toByteArray();
        byte[] r = tpm.apply(CommandBuilder.of(TpmCc.GET_CAPABILITY).bytes(params).build());
        if (TpmWire.responseCode(r) == 0 && audited.contains(TpmCc.GET_CAPABILITY)) {
            extendCommandAudit(TpmCc.GET_CAPABILITY, List.of(), params, r, 0);
        }
        return r;
    }

    /** Sends {@code command} and records its response code under {@code name}. */
    private byte[] send(String name, byte[] command) {
        return send(name, command, null, List.of(), null);
    }

    /**
     * Sends {@code command} and records its response code under {@code name}; when it succeeds
     * and {@code cc} is audited, the caller's command audit digest takes its cpHash (over
     * {@code names} and {@code params}) and rpHash.
     */
    private byte[] send(String name, byte[] command, TpmCc cc, List<byte[]> names, byte[] params) {
        byte[] r = tpm.apply(command);
        record(name, rc(r));
        if (TpmWire.responseCode(r) == 0 && cc != null && audited.contains(cc)) {
            extendCommandAudit(cc, names, params, r, 0);
        }
        return r;
    }

    private void extendCommandAudit(TpmCc cc, List<byte[]> names, byte[] params, byte[] response, int handles) {
        java.security.MessageDigest md = commandAlg.newDigest();
        md.update(TpmWire.u32Bytes(cc.value()));
        names.forEach(md::update);
        md.update(params);
        byte[] cp = md.digest();
        byte[] rp = commandAlg.digest(new byte[4], TpmWire.u32Bytes(cc.value()),
                ResponseAuth.parameters(response, handles));
        if (commandDigest.length == 0) {
            commandDigest = new byte[commandAlg.digestSize()];
            counter++;
        }
        commandDigest = commandAlg.digest(commandDigest, cp, rp);
    }

    private void flush(int handle) {
        tpm.apply(TpmCommands.flushContext(handle));
    }

    private void record(String name, String value) {
        answers.put(name, value);
    }

    private static String rc(byte[] r) {
        return "rc 0x" + Integer.toHexString(TpmWire.responseCode(r));
    }

    private static String compare(byte[] tpmValue, byte[] callers) {
        return Arrays.equals(tpmValue, callers) ? MATCHES : "differs from the caller's " + hex(callers);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** The expected response code of the scenarios that the spec and libtpms refuse. */
    public static final Map<String, Integer> REFUSED = Map.ofEntries(
            Map.entry("alg and list changed together", TpmRc.VALUE.param(1)),
            Map.entry("unknown audit alg", TpmRc.HASH.param(1)),
            Map.entry("setList of 255", TpmRc.SIZE.param(2)),
            Map.entry("setList cut short", TpmRc.INSUFFICIENT.param(2)),
            Map.entry("a byte after clearList", TpmRc.SIZE.value()),
            Map.entry("auditExclusive after a command without it", TpmRc.EXCLUSIVE.value()),
            Map.entry("two audit sessions", TpmRc.ATTRIBUTES.session(2)),
            Map.entry("ContextSave with a session", TpmRc.AUTH_CONTEXT.value()),
            Map.entry("session digest of a session never audited", TpmRc.TYPE.handle(3)),
            Map.entry("session digest of a policy session handle", TpmRc.VALUE.handle(3)),
            Map.entry("session digest of a session not loaded", TpmRc.REFERENCE_H0.value() + 2),
            Map.entry("policy session for audit", TpmRc.ATTRIBUTES.session(1)),
            Map.entry("password session with auditExclusive", TpmRc.ATTRIBUTES.session(1)));
}
