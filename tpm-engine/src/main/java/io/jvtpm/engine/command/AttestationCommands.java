package io.jvtpm.engine.command;

import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.core.CommandAudit;
import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.crypto.Kdf;
import io.jvtpm.engine.wire.PcrSelection;
import io.jvtpm.engine.wire.Structures;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmSt;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.object.LoadedObject;
import io.jvtpm.engine.object.ObjectAttributes;
import io.jvtpm.engine.object.Scheme;
import io.jvtpm.engine.object.Signatures;
import io.jvtpm.engine.session.AuthSession;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRh;
import java.util.List;

/**
 * Attestation commands (TPM 2.0 Library Part 3, 18: Certify, Quote, GetSessionAuditDigest,
 * GetCommandAuditDigest, GetTime; Part 2, 10.12 TPMS_ATTEST).
 * The TPMS_ATTEST header carries TPM_GENERATED_VALUE, the signer's Qualified Name, the caller's
 * data and the clock; for a signer outside the endorsement and platform hierarchies the reset
 * and restart counts and the firmware version are obfuscated with KDFa(nameAlg, owner proof,
 * "OBFUSCATE", signer Name) (Part 3, 18.1). Without a signer (TPM_RH_NULL) the qualified signer is
 * TPM_RH_NULL's Name and the obfuscation is keyed as libtpms keys it, with its context hash SHA-512.
 */
final class AttestationCommands {
    private static final long FIRMWARE_VERSION = 0x0000000100000000L;

    private AttestationCommands() {
    }

    /** The signing key at handle {@code i}, or null for TPM_RH_NULL. */
    private static LoadedObject signer(Command c, int i) {
        if (c.handle(i) == TpmRh.NULL.value()) {
            return null;
        }
        LoadedObject k = ObjectSupport.object(c, i);
        if (!k.has(ObjectAttributes.SIGN) || k.sensitive() == null) {
            throw new TpmRcException(TpmRc.KEY.handle(i + 1));
        }
        return k;
    }

    /** Writes the TPMS_ATTEST header up to the attested union. */
    private static void header(TpmWriter w, TpmEngine tpm, int type, LoadedObject signer, byte[] extra) {
        w.u32(Structures.TPM_GENERATED_VALUE).u16(type);
        byte[] nullName = TpmWire.u32Bytes(TpmRh.NULL.value());
        w.tpm2b(signer == null ? nullName : signer.qualifiedName());
        w.tpm2b(extra);
        int reset = tpm.resetCount();
        int restart = tpm.restartCount();
        long fw = FIRMWARE_VERSION;
        if (signer == null || signer.hierarchy() != TpmRh.ENDORSEMENT.value()
                && signer.hierarchy() != TpmRh.PLATFORM.value()) {
            byte[] ob = Kdf.kdfa(signer == null ? HashAlgorithm.SHA512 : signer.publicArea().nameAlg(),
                    ObjectSupport.proof(tpm, TpmRh.OWNER.value()), "OBFUSCATE",
                    signer == null ? nullName : signer.name(), null, 128);
            fw ^= TpmWire.u64(ob, 0);
            reset ^= TpmWire.u32(ob, 8);
            restart ^= TpmWire.u32(ob, 12);
        }
        ObjectSupport.writeClockInfo(w, tpm, reset, restart);
        w.u64(fw);
    }

    /** Writes TPM2B_ATTEST and the TPMT_SIGNATURE (NULL when there is no signer). */
    private static void signAttest(Command c, LoadedObject signer, Scheme requested, byte[] attest, int schemeParam) {
        TpmWriter w = c.out();
        if (signer == null) {
            w.tpm2b(attest).u16(TpmAlgId.NULL.value());
            return;
        }
        Scheme s = Signatures.choose(signer.publicArea(), requested, schemeParam);
        byte[] digest = s.hash().newDigest().digest(attest);
        w.tpm2b(attest);
        Signatures.sign(w, signer, s, digest, ObjectSupport.random(c.tpm()), c.tpm().eccCommits());
    }

    static void quote(Command c) {
        TpmReader r = c.in();
        byte[] extra = r.tpm2b(ObjectSupport.MAX_DATA);
        r.param(2);
        Scheme requested = Signatures.readSigScheme(r);
        r.param(3);
        List<PcrSelection> sel = PcrSelection.readList(r);
        c.endParameters();
        TpmEngine tpm = c.tpm();
        LoadedObject signer = signer(c, 0);
        Scheme s = Signatures.choose(signer.publicArea(), requested, 2);
        List<PcrSelection> used = ObjectSupport.allocated(tpm, sel);
        HashAlgorithm h = s.hash();
        TpmWriter a = new TpmWriter(512);
        header(a, tpm, TpmSt.ATTEST_QUOTE.value(), signer, extra);
        PcrSelection.writeList(a, used);
        a.tpm2b(ObjectSupport.pcrDigest(tpm, h, used));
        signAttest(c, signer, s, a.toByteArray(), 2);
    }

    /** The whole parameter area of Certify and GetTime: qualifyingData, inScheme. */
    private record QualifiedScheme(byte[] extra, Scheme requested) {
        static QualifiedScheme read(Command c) {
            TpmReader r = c.in();
            byte[] extra = r.tpm2b(ObjectSupport.MAX_DATA);
            r.param(2);
            Scheme requested = Signatures.readSigScheme(r);
            c.endParameters();
            return new QualifiedScheme(extra, requested);
        }
    }

    static void certify(Command c) {
        QualifiedScheme p = QualifiedScheme.read(c);
        TpmEngine tpm = c.tpm();
        LoadedObject object = ObjectSupport.object(c, 0);
        LoadedObject signer = signer(c, 1);
        TpmWriter a = new TpmWriter(512);
        header(a, tpm, TpmSt.ATTEST_CERTIFY.value(), signer, p.extra());
        a.tpm2b(object.name()).tpm2b(object.qualifiedName());
        signAttest(c, signer, p.requested(), a.toByteArray(), 2);
    }

    static void getTime(Command c) {
        QualifiedScheme p = QualifiedScheme.read(c);
        TpmEngine tpm = c.tpm();
        LoadedObject signer = signer(c, 1);
        TpmWriter a = new TpmWriter(256);
        header(a, tpm, TpmSt.ATTEST_TIME.value(), signer, p.extra());
        // TPMS_TIME_ATTEST_INFO: TPMS_TIME_INFO (time, clockInfo), firmwareVersion
        a.u64(tpm.clock().time());
        ObjectSupport.writeClockInfo(a, tpm, tpm.resetCount(), tpm.restartCount());
        a.u64(FIRMWARE_VERSION);
        signAttest(c, signer, p.requested(), a.toByteArray(), 2);
    }

    static void certifyCreation(Command c) {
        TpmReader r = c.in();
        byte[] extra = r.tpm2b(ObjectSupport.MAX_DATA);
        r.param(2);
        byte[] creationHash = r.tpm2b(HashAlgorithm.MAX_DIGEST);
        r.param(3);
        Scheme requested = Signatures.readSigScheme(r);
        r.param(4);
        ObjectSupport.Ticket ticket = ObjectSupport.readTicket(r, TpmSt.CREATION.value());
        c.endParameters();
        TpmEngine tpm = c.tpm();
        LoadedObject signer = signer(c, 0);
        LoadedObject object = ObjectSupport.object(c, 1);
        if (ticket.hierarchy() != object.hierarchy()
                || !java.security.MessageDigest.isEqual(ticket.hmac(), ObjectSupport.ticketHmac(tpm,
                        ticket.hierarchy(), TpmSt.CREATION.value(), object.name(), creationHash))) {
            throw new TpmRcException(TpmRc.TICKET.param(4));
        }
        TpmWriter a = new TpmWriter(256);
        header(a, tpm, TpmSt.ATTEST_CREATION.value(), signer, extra);
        a.tpm2b(object.name()).tpm2b(creationHash);
        signAttest(c, signer, requested, a.toByteArray(), 3);
    }

    /**
     * TPM2_NV_Certify (Part 3, 31.16): handle 0 signs, handle 1 authorizes reading handle 2;
     * size and offset 0 attest a digest of the whole index (TPMS_NV_DIGEST_CERTIFY_INFO),
     * otherwise the octets (TPMS_NV_CERTIFY_INFO).
     */
    static void nvCertify(Command c) {
        TpmReader r = c.in();
        byte[] extra = r.tpm2b(ObjectSupport.MAX_DATA);
        r.param(2);
        Scheme requested = Signatures.readSigScheme(r);
        r.param(3);
        int size = r.u16();
        r.param(4);
        int offset = r.u16();
        c.endParameters();
        TpmEngine tpm = c.tpm();
        LoadedObject signer = signer(c, 0);
        Scheme s = signer == null ? requested : Signatures.choose(signer.publicArea(), requested, 2);
        io.jvtpm.engine.nv.index.NvIndex index = NvAccess.index(c, 2);
        NvAccess.require(NvAccess.readCheck(c.handle(1), index));
        if (size + offset > index.dataSize()) {
            throw new TpmRcException(TpmRc.NV_RANGE.value());
        }
        if (size > io.jvtpm.engine.nv.index.NvBudget.MAX_NV_BUFFER_SIZE) {
            throw new TpmRcException(TpmRc.VALUE.param(3));
        }
        TpmWriter a = new TpmWriter(1280);
        if (size != 0 || offset != 0) {
            header(a, tpm, TpmSt.ATTEST_NV.value(), signer, extra);
            a.tpm2b(index.name()).u16(offset).tpm2b(index.read(offset, size));
        } else {
            HashAlgorithm h = s.hash() == null ? HashAlgorithm.fromId(TpmAlgId.SHA256.value()) : s.hash();
            header(a, tpm, TpmSt.ATTEST_NV_DIGEST.value(), signer, extra);
            a.tpm2b(index.name()).tpm2b(h.newDigest().digest(index.read(0, index.dataSize())));
        }
        signAttest(c, signer, s, a.toByteArray(), 2);
    }

    /** The signing scheme of an audit digest's attestation: inScheme checked against the key's (TPM_RC_SCHEME + P2). */
    private static Scheme auditScheme(LoadedObject signer, Scheme requested) {
        return signer == null ? requested : Signatures.choose(signer.publicArea(), requested, 2);
    }

    /**
     * TPM2_GetSessionAuditDigest (Part 3, 18.5): the audit digest of HMAC session handle 2, and
     * whether it is the exclusive audit session, signed by handle 1 with the endorsement
     * hierarchy's authorization (handle 0). A session never used for audit is TPM_RC_TYPE.
     */
    static void getSessionAuditDigest(Command c) {
        QualifiedScheme p = QualifiedScheme.read(c);
        TpmEngine tpm = c.tpm();
        LoadedObject signer = signer(c, 1);
        Scheme s = auditScheme(signer, p.requested());
        int handle = c.handle(2);
        AuthSession session = tpm.sessions().get(handle);
        if (!session.isAudit()) {
            throw new TpmRcException(TpmRc.TYPE.handle(3));
        }
        TpmWriter a = new TpmWriter(256);
        header(a, tpm, TpmSt.ATTEST_SESSION_AUDIT.value(), signer, p.extra());
        // TPMS_SESSION_AUDIT_INFO: exclusiveSession, sessionDigest
        a.u8(tpm.sessions().exclusiveAudit() == handle ? 1 : 0).tpm2b(session.auditDigest());
        signAttest(c, signer, s, a.toByteArray(), 2);
    }

    /**
     * TPM2_GetCommandAuditDigest (Part 3, 18.6): the audit counter and hash algorithm, the
     * command audit digest and the digest of the audited command codes, signed by handle 1 with
     * the endorsement hierarchy's authorization (handle 0). Signed by a key, the command audit
     * digest is emptied: the next audited command starts a new one and counts.
     */
    static void getCommandAuditDigest(Command c) {
        QualifiedScheme p = QualifiedScheme.read(c);
        TpmEngine tpm = c.tpm();
        LoadedObject signer = signer(c, 1);
        Scheme s = auditScheme(signer, p.requested());
        CommandAudit audit = tpm.commandAudit();
        HashAlgorithm h = audit.hashAlg();
        java.security.MessageDigest md = h.newDigest();
        for (int cc : audit.audited()) {
            md.update(TpmWire.u32Bytes(cc));
        }
        TpmWriter a = new TpmWriter(320);
        header(a, tpm, TpmSt.ATTEST_COMMAND_AUDIT.value(), signer, p.extra());
        // TPMS_COMMAND_AUDIT_INFO: auditCounter, digestAlg, auditDigest, commandDigest
        a.u64(audit.counter()).u16(h.id()).tpm2b(audit.digest()).tpm2b(md.digest());
        signAttest(c, signer, s, a.toByteArray(), 2);
        if (signer != null) {
            audit.resetDigest();
        }
    }
}
