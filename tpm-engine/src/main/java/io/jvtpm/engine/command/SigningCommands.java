package io.jvtpm.engine.command;

import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.crypto.Hmac;
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
 * Signing commands (TPM 2.0 Library Part 3, 20.1 VerifySignature, 20.2 Sign, 15.5 HMAC):
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
        if (sig.hash() == null || !Signatures.verify(key, sig, digest)) {
            throw new TpmRcException(TpmRc.SIGNATURE.param(2));
        }
        int hierarchy = key.hierarchy();
        ObjectSupport.writeTicket(c.out(), c.tpm(), TpmSt.VERIFIED.value(), hierarchy, digest, key.name());
    }

    static void hmac(Command c) {
        TpmReader r = c.in();
        byte[] data = r.tpm2b(Structures.MAX_BUFFER);
        r.param(2);
        HashAlgorithm requested = Structures.readHash(r, true);
        c.endParameters();
        LoadedObject key = ObjectSupport.object(c, 0);
        HashAlgorithm h = hmacKeyHash(key, requested);
        c.out().tpm2b(Hmac.compute(h, key.sensitive().sensitive(), data));
    }

    /** TPM2_HMAC_Start (Part 3, 17.2): an HMAC sequence keyed with a KEYEDHASH signing key. */
    static void hmacStart(Command c) {
        TpmReader r = c.in();
        byte[] auth = ObjectCommands.trimAuth(r.tpm2b(HashAlgorithm.MAX_DIGEST));
        r.param(2);
        HashAlgorithm requested = Structures.readHash(r, true);
        c.endParameters();
        LoadedObject key = ObjectSupport.object(c, 0);
        HashAlgorithm h = hmacKeyHash(key, requested);
        c.responseHandle(c.tpm().loadObject(io.jvtpm.engine.core.HashSequence.hmac(h, key.sensitive().sensitive(),
                auth, c.tpm().digests())));
    }

    /** The hash of an HMAC with {@code key}: its scheme's, or the requested one when it has none. */
    private static HashAlgorithm hmacKeyHash(LoadedObject key, HashAlgorithm requested) {
        if (key.publicArea().type() != ObjectType.KEYEDHASH || key.sensitive() == null) {
            throw new TpmRcException(TpmRc.TYPE.handle(1));
        }
        if (key.has(ObjectAttributes.RESTRICTED) || !key.has(ObjectAttributes.SIGN)) {
            throw new TpmRcException(TpmRc.ATTRIBUTES.handle(1));
        }
        HashAlgorithm own = key.publicArea().scheme().hash();
        if (own == null) {
            if (requested == null) {
                throw new TpmRcException(TpmRc.VALUE.param(2));
            }
            return requested;
        }
        if (requested != null && requested != own) {
            throw new TpmRcException(TpmRc.VALUE.param(2));
        }
        return own;
    }

    /** Whether a hierarchy gives tickets (NULL gives none). */
    static boolean ticketing(int hierarchy) {
        return hierarchy != TpmRh.NULL.value();
    }
}
