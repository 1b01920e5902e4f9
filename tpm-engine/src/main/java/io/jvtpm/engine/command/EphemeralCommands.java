package io.jvtpm.engine.command;

import io.jvtpm.engine.crypto.EcCommits;
import io.jvtpm.engine.crypto.EccCurve;
import io.jvtpm.engine.crypto.Numbers;
import io.jvtpm.engine.object.LoadedObject;
import io.jvtpm.engine.object.PublicCodec;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmWriter;
import java.math.BigInteger;

/**
 * The first phase of the two-phase ECC operations (TPM 2.0 Library Part 3, 19.2 TPM2_Commit and
 * 19.3 TPM2_EC_Ephemeral; Part 1, C.2): each draws the ephemeral r of the next commitment from
 * {@link EcCommits}, answers the points made with it and the commitment's counter. The second
 * phase is the ECDAA sign (Sign, Quote, ...) or TPM2_ZGen_2Phase.
 */
final class EphemeralCommands {
    private EphemeralCommands() {
    }

    /**
     * TPM2_Commit: for an ECDAA key, with B = (H_nameAlg(s2) mod p, y2) when s2 is given,
     * K = [d]B and L = [r]B; E = [r]P1 when P1 is given, or [r]G when neither is. Checked in the
     * reference's order.
     */
    static void commit(Command c) {
        TpmReader r = c.in();
        EccPoints.Point p1 = EccPoints.read(r);
        r.param(2);
        byte[] s2 = r.tpm2b(PublicCodec.MAX_SYM_DATA);
        r.param(3);
        byte[] y2 = r.tpm2b(PublicCodec.MAX_ECC_BYTES);
        c.endParameters();
        LoadedObject key = ObjectSupport.object(c, 0);
        EccCurve curve = EccPoints.curveOf(key, 1);
        if (!key.publicArea().scheme().isEcdaa()) {
            throw new TpmRcException(TpmRc.SCHEME.handle(1));
        }
        if ((s2.length == 0) != (y2.length == 0)) {
            throw new TpmRcException(TpmRc.SIZE.param(3));
        }
        EcCommits commits = c.tpm().eccCommits();
        BigInteger rr = commits.nextR(curve, key.name());
        BigInteger[] b = null;
        if (s2.length != 0) {
            HashAlgorithm nameAlg = key.publicArea().nameAlg();
            if (nameAlg == null) {
                throw new TpmRcException(TpmRc.HASH.handle(1));
            }
            BigInteger x2 = Numbers.of(nameAlg.newDigest().digest(s2)).mod(curve.prime());
            BigInteger y = Numbers.of(y2);
            if (!curve.onCurve(x2, y)) {
                throw new TpmRcException(TpmRc.ECC_POINT.param(2));
            }
            b = new BigInteger[] {x2, y};
        }
        if (b != null && key.sensitive() == null) {
            throw new TpmRcException(TpmRc.KEY.handle(1));
        }
        boolean hasP1 = !p1.empty();
        if (hasP1 && !p1.onCurve(curve)) {
            throw new TpmRcException(TpmRc.ECC_POINT.param(1));
        }
        BigInteger[] k = null;
        BigInteger[] l = null;
        BigInteger[] e = null;
        if (b != null) {
            k = EccPoints.result(curve.multiply(b[0], b[1], EccPoints.privateScalar(key)));
            l = EccPoints.result(curve.multiply(b[0], b[1], rr));
        }
        if (hasP1) {
            e = EccPoints.result(curve.multiply(p1.x(), p1.y(), rr));
        } else if (b == null) {
            e = curve.multiplyBase(rr);
        }
        TpmWriter w = c.out();
        for (BigInteger[] p : new BigInteger[][] {k, l, e}) {
            if (p == null) {
                EccPoints.writeEmpty(w);
            } else {
                EccPoints.write(w, curve, p);
            }
        }
        w.u16(commits.commit());
    }

    /** TPM2_EC_Ephemeral: Q = [r]G on an implemented curve (TPM_RC_CURVE otherwise) and its counter. */
    static void ecEphemeral(Command c) {
        TpmReader r = c.in();
        EccCurve curve = EccCurve.fromId(r.u16());
        if (curve == null) {
            throw r.fail(TpmRc.CURVE);
        }
        c.endParameters();
        EcCommits commits = c.tpm().eccCommits();
        EccPoints.write(c.out(), curve, curve.multiplyBase(commits.nextR(curve, null)));
        c.out().u16(commits.commit());
    }
}
