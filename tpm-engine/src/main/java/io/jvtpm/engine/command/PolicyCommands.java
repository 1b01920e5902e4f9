package io.jvtpm.engine.command;

import io.jvtpm.engine.wire.TpmSe;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.PcrSelection;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSt;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.object.LoadedObject;
import io.jvtpm.engine.session.AuthSession;
import io.jvtpm.engine.wire.TpmRc;
import java.security.MessageDigest;
import java.util.List;

/**
 * Enhanced authorization commands (TPM 2.0 Library Part 3, 23; Part 1, 19.7): PolicySecret,
 * PolicyCommandCode, PolicyAuthValue, PolicyPassword, PolicyPCR, PolicyGetDigest and
 * PolicyRestart. Each extends the session's policyDigest as Part 3 prescribes; a trial session
 * only computes the digest.
 */
final class PolicyCommands {

    private final CommandTable table;

    PolicyCommands(CommandTable table) {
        this.table = table;
    }

    /** The policy or trial session at handle {@code i}. */
    private static AuthSession policySession(Command c, int i) {
        AuthSession s = c.tpm().sessions().get(c.handle(i));
        if (s == null) {
            throw new TpmRcException(TpmRc.REFERENCE_H0.value() + i);
        }
        if (!s.isPolicy()) {
            throw new TpmRcException(TpmRc.AUTH_TYPE.handle(i + 1));
        }
        return s;
    }

    /** The Name of an entity: an object's Name, otherwise its handle. */
    private static byte[] name(TpmEngine tpm, int h) {
        LoadedObject o = tpm.loaded(h);
        return o != null ? o.name() : TpmWire.u32Bytes(h);
    }

    static void policySecret(Command c) {
        TpmReader r = c.in();
        byte[] nonceTpm = r.tpm2b(HashAlgorithm.MAX_DIGEST);
        r.param(2);
        byte[] cpHashA = r.tpm2b(HashAlgorithm.MAX_DIGEST);
        r.param(3);
        byte[] policyRef = r.tpm2b(HashAlgorithm.MAX_DIGEST);
        r.param(4);
        int expiration = r.u32();
        c.endParameters();
        AuthSession s = policySession(c, 1);
        if (nonceTpm.length != 0 && !MessageDigest.isEqual(nonceTpm, s.nonceTpm())) {
            throw new TpmRcException(TpmRc.NONCE.param(1));
        }
        if (cpHashA.length != 0 && cpHashA.length != s.authHash().digestSize()) {
            throw new TpmRcException(TpmRc.SIZE.param(2));
        }
        if (expiration < 0) {
            // a ticket for later use is not issued by this TPM
            throw new TpmRcException(TpmRc.EXPIRED.param(4));
        }
        s.extendPolicy(TpmWire.u32Bytes(TpmCc.POLICY_SECRET.value()), name(c.tpm(), c.handle(0)));
        s.extendPolicy(policyRef);
        TpmWriter w = c.out();
        w.u16(0);
        w.u16(TpmSt.AUTH_SECRET.value()).u32(TpmRh.NULL.value()).u16(0);
    }

    void policyCommandCode(Command c) {
        TpmReader r = c.in();
        int code = r.u32();
        c.endParameters();
        AuthSession s = policySession(c, 0);
        if (s.commandCode() != 0 && s.commandCode() != code) {
            throw new TpmRcException(TpmRc.VALUE.param(1));
        }
        if (table.lookup(code) == null) {
            throw new TpmRcException(TpmRc.POLICY_CC.param(1));
        }
        s.commandCode(code);
        s.extendPolicy(TpmWire.u32Bytes(TpmCc.POLICY_COMMAND_CODE.value()), TpmWire.u32Bytes(code));
    }

    static void policyAuthValue(Command c) {
        c.endParameters();
        AuthSession s = policySession(c, 0);
        s.extendPolicy(TpmWire.u32Bytes(TpmCc.POLICY_AUTH_VALUE.value()));
        s.needAuthValue(false);
    }

    static void policyPassword(Command c) {
        c.endParameters();
        AuthSession s = policySession(c, 0);
        // the same digest as PolicyAuthValue (Part 3, 23.18)
        s.extendPolicy(TpmWire.u32Bytes(TpmCc.POLICY_AUTH_VALUE.value()));
        s.needAuthValue(true);
    }

    static void policyPcr(Command c) {
        TpmReader r = c.in();
        byte[] pcrDigest = r.tpm2b(HashAlgorithm.MAX_DIGEST);
        r.param(2);
        List<PcrSelection> sel = PcrSelection.readList(r);
        c.endParameters();
        AuthSession s = policySession(c, 0);
        TpmEngine tpm = c.tpm();
        List<PcrSelection> used = ObjectSupport.allocated(tpm, sel);
        byte[] current = ObjectSupport.pcrDigest(tpm, s.authHash(), used);
        byte[] digest = current;
        if (s.type() == TpmSe.TRIAL && pcrDigest.length != 0) {
            digest = pcrDigest;
        } else if (pcrDigest.length != 0 && !MessageDigest.isEqual(pcrDigest, current)) {
            throw new TpmRcException(TpmRc.VALUE.param(1));
        }
        TpmWriter sw = new TpmWriter(64);
        PcrSelection.writeList(sw, sel);
        s.extendPolicy(TpmWire.u32Bytes(TpmCc.POLICY_PCR.value()), sw.toByteArray(), digest);
    }

    static void policyGetDigest(Command c) {
        c.endParameters();
        c.out().tpm2b(policySession(c, 0).policyDigest());
    }

    static void policyRestart(Command c) {
        c.endParameters();
        policySession(c, 0).restartPolicy();
    }
}
