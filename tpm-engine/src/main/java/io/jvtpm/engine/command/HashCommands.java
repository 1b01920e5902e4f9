package io.jvtpm.engine.command;

import io.jvtpm.engine.core.HashSequence;
import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.Structures;
import io.jvtpm.engine.wire.TpmHt;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.pcr.PcrAttributes;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRh;
import java.security.MessageDigest;

/**
 * Hash and sequence commands (TPM 2.0 Library Part 3, 15.4 Hash, 17 Hash/HMAC/Event Sequences)
 * and TPM2_FlushContext (28.4) for sequence objects.
 */
final class HashCommands {
    private final Tickets tickets = new Tickets();

    void hash(Command c) {
        TpmReader r = c.in();
        int size = r.size2b(Structures.MAX_BUFFER);
        int off = r.position();
        r.skip(size);
        r.param(2);
        HashAlgorithm h = Structures.readHash(r, false);
        r.param(3);
        int hierarchy = Structures.readHierarchyOrNull(r);
        c.endParameters();
        byte[] data = r.array();
        MessageDigest md = c.tpm().digests().get(h);
        md.update(data, off, size);
        byte[] digest = md.digest();
        TpmWriter w = c.out();
        w.tpm2b(digest);
        boolean generated = Structures.beginsWithGenerated(data, off, size);
        tickets.writeHashCheck(w, c.tpm().hierarchies(), hierarchy, digest, !generated);
    }

    static void hashSequenceStart(Command c) {
        TpmReader r = c.in();
        byte[] auth = r.tpm2b(HashAlgorithm.MAX_DIGEST);
        r.param(2);
        HashAlgorithm h = Structures.readHash(r, true);
        c.endParameters();
        TpmEngine tpm = c.tpm();
        c.responseHandle(tpm.loadObject(new HashSequence(h, auth)));
    }

    static void sequenceUpdate(Command c) {
        TpmReader r = c.in();
        int size = r.size2b(Structures.MAX_BUFFER);
        int off = r.position();
        r.skip(size);
        c.endParameters();
        HashSequence s = c.tpm().object(c.handle(0));
        if (s == null) {
            // libtpms blames the buffer here (SequenceComplete and EventSequenceComplete blame the handle)
            throw new TpmRcException(TpmRc.MODE.param(1));
        }
        s.update(r.array(), off, size);
    }

    /**
     * The hash, HMAC or event sequence of handle {@code index}; another object there is
     * TPM_RC_MODE for that handle (Part 3, 17.5-17.6), as libtpms answers.
     */
    private static HashSequence sequence(Command c, int index) {
        HashSequence s = c.tpm().object(c.handle(index));
        if (s == null) {
            throw new TpmRcException(TpmRc.MODE.handle(index + 1));
        }
        return s;
    }

    void sequenceComplete(Command c) {
        TpmReader r = c.in();
        int size = r.size2b(Structures.MAX_BUFFER);
        int off = r.position();
        r.skip(size);
        r.param(2);
        int hierarchy = Structures.readHierarchyOrNull(r);
        c.endParameters();
        TpmEngine tpm = c.tpm();
        HashSequence s = sequence(c, 0);
        if (s.isEvent()) {
            throw new TpmRcException(TpmRc.MODE.handle(1));
        }
        s.update(r.array(), off, size);
        byte[] digest = s.finish();
        tpm.flushObject(c.handle(0));
        TpmWriter w = c.out();
        w.tpm2b(digest);
        tickets.writeHashCheck(w, tpm.hierarchies(), hierarchy, digest, s.ticketAllowed());
    }

    static void eventSequenceComplete(Command c) {
        TpmReader r = c.in();
        int size = r.size2b(Structures.MAX_BUFFER);
        int off = r.position();
        r.skip(size);
        c.endParameters();
        TpmEngine tpm = c.tpm();
        HashSequence s = sequence(c, 1);
        if (!s.isEvent()) {
            throw new TpmRcException(TpmRc.MODE.handle(2));
        }
        int pcr = c.handle(0);
        boolean extend = pcr != TpmRh.NULL.value();
        if (extend && !PcrAttributes.canExtend(pcr, c.locality())) {
            throw new TpmRcException(TpmRc.LOCALITY.value());
        }
        s.update(r.array(), off, size);
        PcrCommands.writeEventDigests(c, pcr, extend, s::finish);
        tpm.flushObject(c.handle(1));
    }

    static void flushContext(Command c) {
        TpmReader r = c.in();
        int h = r.u32();
        boolean object = TpmHt.TRANSIENT.matches(h);
        int index = h & 0xFFFFFF;
        boolean inRange = object ? index < TpmEngine.OBJECT_SLOTS
                : (TpmHt.HMAC_SESSION.matches(h) || TpmHt.POLICY_SESSION.matches(h)) && index < io.jvtpm.engine.session.SessionTable.ACTIVE_MAX;
        if (!inRange) {
            throw r.fail(TpmRc.VALUE);
        }
        c.endParameters();
        boolean flushed = object ? c.tpm().flushObject(h) : c.tpm().sessions().flush(h);
        if (!flushed) {
            throw new TpmRcException(TpmRc.HANDLE.param(1));
        }
    }
}
