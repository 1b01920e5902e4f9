package io.jvtpm.engine.command;

import io.jvtpm.engine.crypto.EccCurve;
import io.jvtpm.engine.crypto.Numbers;
import io.jvtpm.engine.object.LoadedObject;
import io.jvtpm.engine.object.PublicCodec;
import io.jvtpm.engine.object.PublicParms;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmWriter;
import java.math.BigInteger;

/**
 * TPM2B_ECC_POINT on the wire (TPM 2.0 Library Part 2, 11.2.5.2) for the ECC commands: a size
 * of zero or one that disagrees with the two coordinates is TPM_RC_SIZE; an empty point (both
 * coordinates empty) is written as size 4; coordinates go out at the curve's size.
 */
final class EccPoints {
    private EccPoints() {
    }

    /** A read point: its coordinates as integers, {@code empty} when both were empty. */
    record Point(BigInteger x, BigInteger y, boolean empty) {
        BigInteger[] xy() {
            return new BigInteger[] {x, y};
        }

        boolean onCurve(EccCurve curve) {
            return !empty && curve.onCurve(x, y);
        }
    }

    /** Reads a TPM2B_ECC_POINT (the reader's current parameter is blamed for a bad size). */
    static Point read(TpmReader r) {
        int size = r.size2b(4 + 2 * PublicCodec.MAX_ECC_BYTES);
        int end = r.position() + size;
        if (size == 0) {
            throw r.fail(TpmRc.SIZE);
        }
        byte[] x = r.tpm2b(PublicCodec.MAX_ECC_BYTES);
        byte[] y = r.tpm2b(PublicCodec.MAX_ECC_BYTES);
        if (r.position() != end) {
            throw r.fail(TpmRc.SIZE);
        }
        return new Point(Numbers.of(x), Numbers.of(y), x.length == 0 && y.length == 0);
    }

    /** Writes a TPM2B_ECC_POINT with both coordinates at the curve's size. */
    static void write(TpmWriter w, EccCurve curve, BigInteger[] p) {
        byte[] x = curve.pad(p[0]);
        byte[] y = curve.pad(p[1]);
        w.u16(4 + x.length + y.length).tpm2b(x).tpm2b(y);
    }

    /** Writes the empty TPM2B_ECC_POINT (two empty coordinates). */
    static void writeEmpty(TpmWriter w) {
        w.u16(4).u16(0).u16(0);
    }

    /** The curve of an ECC key, TPM_RC_KEY for handle {@code handle} when it is not one. */
    static EccCurve curveOf(LoadedObject key, int handle) {
        if (!(key.publicArea().parms() instanceof PublicParms.Ecc ecc)) {
            throw new TpmRcException(TpmRc.KEY.handle(handle));
        }
        return ecc.curve();
    }

    /** The private scalar of a key with a sensitive area, TPM_RC_KEY for handle 1 otherwise. */
    static BigInteger privateScalar(LoadedObject key) {
        if (key.sensitive() == null) {
            throw new TpmRcException(TpmRc.KEY.handle(1));
        }
        return Numbers.of(key.sensitive().sensitive());
    }

    /** An operation's result point, TPM_RC_NO_RESULT for the point at infinity. */
    static BigInteger[] result(BigInteger[] p) {
        if (p == null) {
            throw new TpmRcException(TpmRc.NO_RESULT.value());
        }
        return p;
    }
}
