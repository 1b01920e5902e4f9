package io.jvtpm.engine.command;

import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.core.HashSequence;
import io.jvtpm.engine.crypto.Cmac;
import io.jvtpm.engine.crypto.Hmac;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.Structures;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.object.LoadedObject;
import io.jvtpm.engine.object.ObjectAttributes;
import io.jvtpm.engine.object.ObjectType;
import io.jvtpm.engine.object.Scheme;
import io.jvtpm.engine.object.Signatures;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSt;

/**
 * Signing commands (TPM 2.0 Library Part 3, 20.1 VerifySignature, 20.2 Sign, 15.6 MAC and 17.2
 * MAC_Start, which have TPM2_HMAC's and TPM2_HMAC_Start's command codes, HMAC or CMAC):
 * restricted keys sign only digests with a hashcheck ticket, so nothing that begins with
 * TPM_GENERATED_VALUE is ever signed by them; verification yields a TPMT_TK_VERIFIED.
 */
final class SigningCommands {
    private SigningCommands() {
    }

    static void sign(Command c) {
        TpmReader r = c.in();
        byte[] digest = r.tpm2b(HashAlgorithm.MAX_DIGEST);
        r.param(2);
        Scheme requested = Signatures.readSigScheme(r);
        r.param(3);
        ObjectSupport.Ticket ticket = ObjectSupport.readTicket(r, TpmSt.HASHCHECK.value());
        c.endParameters();
        TpmEngine tpm = c.tpm();
        LoadedObject key = ObjectSupport.object(c, 0);
        if (!key.has(ObjectAttributes.SIGN) || key.sensitive() == null) {
            throw new TpmRcException(TpmRc.KEY.handle(1));
        }
        Scheme scheme = Signatures.choose(key.publicArea(), requested, 2);
        if (digest.length != scheme.hash().digestSize()) {
            throw new TpmRcException(TpmRc.SIZE.param(1));
        }
        if (key.has(ObjectAttributes.RESTRICTED) && !ObjectSupport.ticketValid(tpm, ticket, digest)) {
            throw new TpmRcException(TpmRc.TICKET.param(3));
        }
        Signatures.sign(c.out(), key, scheme, digest, ObjectSupport.random(tpm), tpm.eccCommits());
    }

    static void verifySignature(Command c) {
        TpmReader r = c.in();
        byte[] digest = r.tpm2b(HashAlgorithm.MAX_DIGEST);
        r.param(2);
        Signatures.Sig sig = Signatures.readSignature(r);
        c.endParameters();
        LoadedObject key = ObjectSupport.object(c, 0);
        if (!key.has(ObjectAttributes.SIGN)) {
            throw new TpmRcException(TpmRc.ATTRIBUTES.handle(1));
        }
        // TPMT_SIGNATURE without TPM_ALG_NULL; a signature the key's type does not verify
        if (sig.hash() == null || !Signatures.verifiable(key, sig)) {
            throw new TpmRcException(TpmRc.SCHEME.param(2));
        }
        if (!Signatures.verify(key, sig, digest)) {
            throw new TpmRcException(TpmRc.SIGNATURE.param(2));
        }
        int hierarchy = key.hierarchy();
        ObjectSupport.writeTicket(c.out(), c.tpm(), TpmSt.VERIFIED.value(), hierarchy, digest, key.name());
    }

    /**
     * TPM2_MAC (Part 3, 15.6; TPM2_HMAC's command code): an HMAC with a KEYEDHASH key or an AES-CMAC
     * with a SYMCIPHER key.
     */
    static void hmac(Command c) {
        TpmReader r = c.in();
        byte[] data = r.tpm2b(Structures.MAX_BUFFER);
        r.param(2);
        int requested = readMacScheme(r);
        c.endParameters();
        LoadedObject key = ObjectSupport.object(c, 0);
        HashAlgorithm h = selectMac(key, requested);
        byte[] secret = key.sensitive().sensitive();
        c.out().tpm2b(h == null ? Cmac.compute(secret, data) : Hmac.compute(h, secret, data));
    }

    /** TPM2_MAC_Start (Part 3, 17.2; TPM2_HMAC_Start's command code): an HMAC or CMAC sequence. */
    static void hmacStart(Command c) {
        TpmReader r = c.in();
        byte[] auth = ObjectCommands.trimAuth(r.tpm2b(HashAlgorithm.MAX_DIGEST));
        r.param(2);
        int requested = readMacScheme(r);
        c.endParameters();
        LoadedObject key = ObjectSupport.object(c, 0);
        HashAlgorithm h = selectMac(key, requested);
        byte[] secret = key.sensitive().sensitive();
        TpmEngine tpm = c.tpm();
        c.responseHandle(tpm.loadObject(h == null ? HashSequence.cmac(new Cmac(secret), auth)
                : HashSequence.hmac(h, secret, auth)));
    }

    /** TPMI_ALG_MAC_SCHEME+: a hash, TPM_ALG_CMAC or TPM_ALG_NULL; TPM_RC_SYMMETRIC otherwise. */
    private static int readMacScheme(TpmReader r) {
        int alg = r.u16();
        if (alg != TpmAlgId.NULL.value() && alg != TpmAlgId.CMAC.value() && HashAlgorithm.fromId(alg) == null) {
            throw r.fail(TpmRc.SYMMETRIC);
        }
        return alg;
    }

    /**
     * The MAC of {@code key} (CryptSelectMac): the key's own (a KEYEDHASH scheme's hash, a
     * SYMCIPHER key's mode) or the requested one when the key has none (TPM_RC_VALUE when they
     * differ or neither names one); then the MAC must suit the key (a hash for KEYEDHASH, CMAC for
     * SYMCIPHER: TPM_RC_SCHEME), the key must be unrestricted (TPM_RC_ATTRIBUTES) and a signing
     * key (TPM_RC_KEY). Answers the HMAC's hash, or null for CMAC.
     */
    private static HashAlgorithm selectMac(LoadedObject key, int requested) {
        ObjectType type = key.publicArea().type();
        if ((type != ObjectType.KEYEDHASH && type != ObjectType.SYMCIPHER) || key.sensitive() == null) {
            throw new TpmRcException(TpmRc.TYPE.handle(1));
        }
        int own = TpmAlgId.NULL.value();
        if (type == ObjectType.KEYEDHASH) {
            HashAlgorithm h = key.publicArea().scheme().hash();
            own = h == null ? own : h.id();
        } else if (key.publicArea().symmetric().mode() != null) {
            own = key.publicArea().symmetric().mode().id();
        }
        int mac = requested;
        if (requested == TpmAlgId.NULL.value()) {
            if (own == TpmAlgId.NULL.value()) {
                throw new TpmRcException(TpmRc.VALUE.param(2));
            }
            mac = own;
        } else if (own != TpmAlgId.NULL.value() && own != requested) {
            throw new TpmRcException(TpmRc.VALUE.param(2));
        }
        HashAlgorithm h = HashAlgorithm.fromId(mac);
        boolean suits = type == ObjectType.KEYEDHASH ? h != null : mac == TpmAlgId.CMAC.value();
        if (!suits) {
            throw new TpmRcException(TpmRc.SCHEME.param(2));
        }
        if (key.has(ObjectAttributes.RESTRICTED)) {
            throw new TpmRcException(TpmRc.ATTRIBUTES.handle(1));
        }
        if (!key.has(ObjectAttributes.SIGN)) {
            throw new TpmRcException(TpmRc.KEY.handle(1));
        }
        return h;
    }

    /** Whether a hierarchy gives tickets (NULL gives none). */
    static boolean ticketing(int hierarchy) {
        return hierarchy != TpmRh.NULL.value();
    }
}
