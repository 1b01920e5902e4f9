package io.jvtpm.engine.command;

import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.core.HashSequence;
import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.crypto.Hmac;
import io.jvtpm.engine.crypto.Kdf;
import io.jvtpm.engine.crypto.SymCipher;
import io.jvtpm.engine.wire.TpmHt;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.object.LoadedObject;
import io.jvtpm.engine.object.ObjectAttributes;
import io.jvtpm.engine.object.PublicArea;
import io.jvtpm.engine.object.PublicCodec;
import io.jvtpm.engine.object.SensitiveArea;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRh;
import java.security.MessageDigest;

/**
 * Context management for objects (TPM 2.0 Library Part 3, 28.2 ContextSave and 28.3
 * ContextLoad; Part 1, 30 "Context Management"). A saved context is TPMS_CONTEXT with the blob
 * TPM2B_DIGEST(integrity) || AES-128-CFB(object). Keys come from KDFa(SHA-512, proof,
 * "CONTEXT", sequence, savedHandle); the integrity HMAC covers the encrypted object, the
 * sequence and the handle, and for stClear objects the TPM's reset and restart counts. The
 * proof is the hierarchy's (the null proof for NULL-hierarchy objects, so those die with a
 * TPM Reset). Hash, HMAC, CMAC and event sequences are saved with their running state at the
 * sequence handle 0x80000001 under the null proof (so they too end with a TPM Reset).
 */
final class ContextCommands {
    private static final HashAlgorithm CONTEXT_HASH = HashAlgorithm.SHA512;
    private static final int OBJECT_HANDLE = TpmHt.TRANSIENT.first();
    private static final int SEQUENCE_HANDLE = TpmHt.TRANSIENT.first() + 1;
    private static final int STCLEAR_HANDLE = TpmHt.TRANSIENT.first() + 2;
    private static final int MAX_CONTEXT = 4096;

    private ContextCommands() {
    }

    static void contextSave(Command c) {
        c.endParameters();
        TpmEngine tpm = c.tpm();
        int h = c.handle(0);
        if (TpmHt.HMAC_SESSION.matches(h) || TpmHt.POLICY_SESSION.matches(h)) {
            saveSession(c, h);
            return;
        }
        LoadedObject o = TpmHt.TRANSIENT.matches(h) ? tpm.loaded(h) : null;
        HashSequence sequence = TpmHt.TRANSIENT.matches(h) ? tpm.object(h) : null;
        if (sequence != null) {
            saveSealed(c, SEQUENCE_HANDLE, TpmRh.NULL.value(), sequence.encode());
            return;
        }
        if (o == null) {
            throw new TpmRcException(TpmRc.HANDLE.handle(1));
        }
        int saved = o.has(ObjectAttributes.ST_CLEAR) ? STCLEAR_HANDLE : OBJECT_HANDLE;
        TpmWriter p = new TpmWriter(1024);
        p.u8(o.external() ? 1 : 0);
        p.tpm2b(o.encodedPublic());
        p.tpm2b(o.sensitive() == null ? new byte[0] : PublicCodec.encodeSensitive(o.sensitive()));
        p.tpm2b(o.qualifiedName());
        saveSealed(c, saved, o.hierarchy(), p.toByteArray());
    }

    /** The TPMS_CONTEXT of an object or sequence: {@code plain} sealed under the hierarchy's proof. */
    private static void saveSealed(Command c, int saved, int hierarchy, byte[] plain) {
        TpmEngine tpm = c.tpm();
        // The context counter reaches NV with the permanent state at Startup, Shutdown and power-off,
        // not at every save (Linux's resource manager saves contexts after nearly every command). A
        // counter that rewinds after a crash is harmless: the restart is a TPM Reset, which voids
        // every saved session context, and object contexts are not checked against the counter.
        long seq = tpm.objectState().nextContextSequence();
        byte[] proof = ObjectSupport.proof(tpm, hierarchy);
        byte[] enc = encrypt(true, proof, seq, saved, plain);
        byte[] mac = integrity(tpm, proof, seq, saved, enc);
        TpmWriter w = c.out();
        w.u64(seq).u32(saved).u32(hierarchy);
        w.u16(2 + mac.length + enc.length).tpm2b(mac).bytes(enc);
    }

    /** A session's context: sealed with the null proof, so it does not outlive a TPM Reset. */
    private static void saveSession(Command c, int h) {
        TpmEngine tpm = c.tpm();
        io.jvtpm.engine.session.AuthSession s = tpm.sessions().get(h);
        if (s == null) {
            // A session that is not loaded (ended by its last command, or saved already): the
            // handle area's answer, which Linux's resource manager takes as "session gone".
            throw new TpmRcException(TpmRc.REFERENCE_H0.value());
        }
        // The context counter reaches NV with the permanent state at Startup, Shutdown and power-off,
        // not at every save (Linux's resource manager saves contexts after nearly every command). A
        // counter that rewinds after a crash is harmless: the restart is a TPM Reset, which voids
        // every saved session context, and object contexts are not checked against the counter.
        tpm.sessions().requireSaveGap(tpm.objectState().contextCounter());
        long seq = tpm.objectState().nextContextSequence();
        byte[] proof = tpm.objectState().nullProof();
        byte[] enc = encrypt(true, proof, seq, h, s.encode());
        byte[] mac = integrity(tpm, proof, seq, h, enc);
        tpm.sessions().saved(h, seq);
        TpmWriter w = c.out();
        w.u64(seq).u32(h).u32(TpmRh.NULL.value());
        w.u16(2 + mac.length + enc.length).tpm2b(mac).bytes(enc);
    }

    private static void loadSession(Command c, long seq, int saved, int hierarchy, byte[] blob) {
        TpmEngine tpm = c.tpm();
        TpmRcException integrityFail = new TpmRcException(TpmRc.INTEGRITY.param(1));
        if (hierarchy != TpmRh.NULL.value()) {
            throw integrityFail;
        }
        if (!tpm.sessions().isSaved(saved, seq)) {
            throw new TpmRcException(TpmRc.HANDLE.param(1));
        }
        int ml = CONTEXT_HASH.digestSize();
        if (blob.length < 2 + ml || TpmWire.u16(blob, 0) != ml) {
            throw integrityFail;
        }
        byte[] mac = java.util.Arrays.copyOfRange(blob, 2, 2 + ml);
        byte[] enc = java.util.Arrays.copyOfRange(blob, 2 + ml, blob.length);
        byte[] proof = tpm.objectState().nullProof();
        if (!MessageDigest.isEqual(mac, integrity(tpm, proof, seq, saved, enc))) {
            throw integrityFail;
        }
        io.jvtpm.engine.session.AuthSession s;
        try {
            s = io.jvtpm.engine.session.AuthSession.decode(encrypt(false, proof, seq, saved, enc));
        } catch (TpmRcException e) {
            throw integrityFail;
        }
        if (s.handle() != saved) {
            throw integrityFail;
        }
        tpm.sessions().restore(s, tpm.objectState().contextCounter());
        c.responseHandle(saved);
    }

    private static byte[] encrypt(boolean encrypt, byte[] proof, long seq, int handle, byte[] data) {
        byte[] kiv = Kdf.kdfa(CONTEXT_HASH, proof, "CONTEXT", TpmWire.u64Bytes(seq), TpmWire.u32Bytes(handle), 256);
        byte[] key = java.util.Arrays.copyOf(kiv, 16);
        byte[] iv = java.util.Arrays.copyOfRange(kiv, 16, 32);
        return SymCipher.CFB.apply(encrypt, key, iv, data);
    }

    private static byte[] integrity(TpmEngine tpm, byte[] proof, long seq, int handle, byte[] enc) {
        byte[] counts = handle == STCLEAR_HANDLE
                ? TpmWire.u32Bytes(tpm.resetCount()) : new byte[0];
        byte[] restart = handle == STCLEAR_HANDLE ? TpmWire.u32Bytes(tpm.restartCount()) : new byte[0];
        return Hmac.compute(CONTEXT_HASH, proof, counts, restart, TpmWire.u64Bytes(seq), TpmWire.u32Bytes(handle), enc);
    }

    static void contextLoad(Command c) {
        TpmReader r = c.in();
        long seq = r.u64();
        int saved = r.u32();
        int hierarchy = r.u32();
        byte[] blob = r.tpm2b(MAX_CONTEXT);
        c.endParameters();
        if (TpmHt.HMAC_SESSION.matches(saved) || TpmHt.POLICY_SESSION.matches(saved)) {
            loadSession(c, seq, saved, hierarchy, blob);
            return;
        }
        ObjectSupport.requireFreeSlot(c.tpm());
        TpmEngine tpm = c.tpm();
        if (saved != OBJECT_HANDLE && saved != SEQUENCE_HANDLE && saved != STCLEAR_HANDLE) {
            throw new TpmRcException(TpmRc.HANDLE.param(1));
        }
        if (hierarchy != TpmRh.OWNER.value() && hierarchy != TpmRh.ENDORSEMENT.value()
                && hierarchy != TpmRh.PLATFORM.value() && hierarchy != TpmRh.NULL.value()) {
            throw new TpmRcException(TpmRc.VALUE.param(1));
        }
        if (!tpm.hierarchies().isEnabled(hierarchy)) {
            throw new TpmRcException(TpmRc.HIERARCHY.param(1));
        }
        TpmRcException integrityFail = new TpmRcException(TpmRc.INTEGRITY.param(1));
        if (blob.length < 2 + CONTEXT_HASH.digestSize()
                || TpmWire.u16(blob, 0) != CONTEXT_HASH.digestSize()) {
            throw integrityFail;
        }
        int ml = CONTEXT_HASH.digestSize();
        byte[] mac = java.util.Arrays.copyOfRange(blob, 2, 2 + ml);
        byte[] enc = java.util.Arrays.copyOfRange(blob, 2 + ml, blob.length);
        byte[] proof = ObjectSupport.proof(tpm, hierarchy);
        if (!MessageDigest.isEqual(mac, integrity(tpm, proof, seq, saved, enc))) {
            throw integrityFail;
        }
        byte[] plain = encrypt(false, proof, seq, saved, enc);
        if (saved == SEQUENCE_HANDLE) {
            HashSequence sequence;
            try {
                sequence = HashSequence.decode(plain);
            } catch (TpmRcException e) {
                throw integrityFail;
            }
            c.responseHandle(tpm.loadObject(sequence));
            return;
        }
        LoadedObject o;
        try {
            TpmReader p = new TpmReader(plain, 0, plain.length);
            boolean external = p.u8() == 1;
            byte[] pubBytes = p.tpm2b(0xFFFF);
            byte[] sens = p.tpm2b(0xFFFF);
            byte[] qn = p.tpm2b(2 + HashAlgorithm.MAX_DIGEST);
            p.end();
            PublicArea pub = PublicCodec.read(new TpmReader(pubBytes, 0, pubBytes.length), true);
            SensitiveArea s = sens.length == 0 ? null : PublicCodec.decodeSensitive(sens);
            o = new LoadedObject(pub, s, hierarchy, external).qualifiedName(qn);
        } catch (TpmRcException e) {
            throw integrityFail;
        }
        c.responseHandle(tpm.loadObject(o));
    }
}
